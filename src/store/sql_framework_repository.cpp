#include "store/sql_framework_repository.hpp"

namespace lqf::store {
namespace {

constexpr std::string_view kSelectFramework =
    "SELECT id, code, version, title, content_sha256, document, imported_at FROM frameworks";

app::StoredFramework ReadFramework(const Query& row) {
  return {row.Int(0), row.Text(1), row.Text(2), row.Text(3), row.Text(4), row.Text(5), row.Text(6)};
}

}  // namespace

std::vector<app::StoredFramework> SqlFrameworkRepository::ListFrameworks() {
  auto db = pool_.Acquire();
  Query query(db, std::string(kSelectFramework) + " ORDER BY id");
  std::vector<app::StoredFramework> all;
  while (query.Step()) all.push_back(ReadFramework(query));
  return all;
}

std::optional<app::StoredFramework> SqlFrameworkRepository::FindFramework(std::string_view code,
                                                                          std::string_view version) {
  auto db = pool_.Acquire();
  Query query(db, std::string(kSelectFramework) + " WHERE code = ? AND version = ?");
  query.Bind(1, code).Bind(2, version);
  if (!query.Step()) return std::nullopt;
  return ReadFramework(query);
}

app::InsertOutcome SqlFrameworkRepository::InsertFramework(const domain::Framework& framework,
                                                           const app::StoredFramework& record) {
  auto db = pool_.Acquire();
  try {
    Transaction transaction(db);
    Query insert(db,
                 "INSERT INTO frameworks (code, version, title, content_sha256, document, imported_at) "
                 "VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
    insert.Bind(1, record.code)
        .Bind(2, record.version)
        .Bind(3, record.title)
        .Bind(4, record.content_sha256)
        .Bind(5, record.document)
        .Bind(6, record.imported_at);
    insert.Step();
    const std::int64_t framework_id = insert.Int(0);
    insert.Run();

    Query element(db,
                  "INSERT INTO framework_elements (framework_id, code, parent_code, type, depth, "
                  "position, name, scored) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    std::int64_t position = 0;
    for (const auto& node : framework.nodes) {
      element.Reset();
      element.Bind(1, framework_id).Bind(2, node.code);
      if (node.parent) {
        element.Bind(3, framework.nodes[*node.parent].code);
      } else {
        element.BindNull(3);
      }
      element.Bind(4, domain::NodeTypeName(node.type))
          .Bind(5, std::int64_t{node.depth})
          .Bind(6, position++)
          .Bind(7, node.IsBranch() ? node.title : node.text)
          .Bind(8, std::int64_t{!node.IsBranch() && node.scored ? 1 : 0})
          .Run();
    }
    transaction.Commit();
  } catch (const UniqueViolation&) {
    return app::InsertOutcome::kAlreadyExists;
  }
  return app::InsertOutcome::kInserted;
}

std::string SqlFrameworkRepository::FrameworksStamp() {
  auto db = pool_.Acquire();
  // Frameworks are only ever added, so the count and the newest id change
  // exactly when something was imported.
  Query query(db, "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM frameworks");
  query.Step();
  return std::to_string(query.Int(0)) + ":" + std::to_string(query.Int(1));
}

}  // namespace lqf::store
