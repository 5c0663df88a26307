#include "store/group_commit.hpp"

#include <algorithm>

namespace lqf::store {

void GroupCommit::Run(const std::function<void(Database&)>& work) {
  Job job{&work, nullptr, false};
  std::unique_lock lock(mutex_);
  queue_.push_back(&job);
  while (!job.done) {
    if (leading_) {
      finished_.wait(lock);
      continue;
    }
    // Lead: take what is queued (ours included, unless an earlier leader
    // took it and has finished it meanwhile) and commit it together.
    leading_ = true;
    const auto take = std::min(queue_.size(), kMaxGroup);
    std::vector<Job*> group(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(take));
    lock.unlock();
    Commit(group);
    lock.lock();
    for (auto* member : group) member->done = true;
    leading_ = false;
    finished_.notify_all();
  }
  if (job.error) std::rethrow_exception(job.error);
}

void GroupCommit::Commit(std::vector<Job*>& group) {
  try {
    auto db = pool_.Acquire();
    Transaction transaction(db);
    for (auto* job : group) {
      db->Exec("SAVEPOINT lqf_group_write");
      try {
        (*job->work)(db);
        db->Exec("RELEASE SAVEPOINT lqf_group_write");
      } catch (...) {
        job->error = std::current_exception();
        db->Exec("ROLLBACK TO SAVEPOINT lqf_group_write");
        db->Exec("RELEASE SAVEPOINT lqf_group_write");
      }
    }
    transaction.Commit();
  } catch (...) {
    // The transaction (or the connection) failed: nothing of the group is
    // kept, and everyone in it is told.
    const auto error = std::current_exception();
    for (auto* job : group) {
      if (!job->error) job->error = error;
    }
  }
}

}  // namespace lqf::store
