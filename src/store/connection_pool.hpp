#pragma once
//! A fixed number of connections to one database, lent to one thread at a
//! time. The repositories borrow a connection for each call
//! (`auto db = pool_.Acquire();`) and give it back when the call returns, so
//! a server with several threads runs that many queries at once.
//!
//! Borrowing is re-entrant: a thread that already holds a connection from a
//! pool gets the same one again, so a use case that calls two repositories
//! inside one transaction, or one repository method that calls another, stays
//! on one connection and cannot wait on itself.
//!
//! Connections are opened when first needed (the first in the constructor, so
//! a wrong setting is reported at start-up) and kept for the pool's lifetime.
//! A PostgreSQL connection that was lost reconnects itself on its next use
//! (postgres_database.hpp). When every connection is busy a caller waits; if
//! none comes free within the wait limit it gets app::StoreError, which the
//! web layer answers with 503 rather than queueing without bound.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "store/database.hpp"

namespace lqf::store {

class ConnectionPool {
 public:
  //! How long a caller waits for a connection before giving up.
  static constexpr std::chrono::milliseconds kDefaultWait{10'000};
  //! The largest pool a setting may ask for (PostgreSQL's default
  //! max_connections is 100, shared by every server and tool).
  static constexpr std::size_t kMaxSize = 64;

  using Opener = std::function<std::unique_ptr<Database>()>;

  //! Up to `size` connections made by `open` (1..kMaxSize). Opens the first
  //! now; throws what `open` throws.
  ConnectionPool(Opener open, std::size_t size, std::chrono::milliseconds wait = kDefaultWait);
  //! A pool of one connection owned elsewhere (tests, one-off commands).
  //! Calls still lock the connection's Mutex(), so several pools may share it.
  explicit ConnectionPool(Database& connection);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  //! A borrowed connection; returned to the pool when destroyed. Converts to
  //! Database& so `Query q(db, ...)` and `Transaction t(db)` read as before.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();
    Database& operator*() const { return *connection_; }
    Database* operator->() const { return connection_; }
    operator Database&() const { return *connection_; }  // NOLINT(google-explicit-constructor)

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::size_t slot, Database* connection);
    ConnectionPool* pool_;
    std::size_t slot_;
    Database* connection_;
    std::unique_lock<std::recursive_mutex> lock_;
  };

  //! Borrows a connection: the one this thread already holds, else a free
  //! one, else a new one while the pool has room, else waits. Throws
  //! app::StoreError if none comes free in time or a new one cannot open.
  Lease Acquire();

  Dialect Kind() const { return kind_; }
  //! The database's name for messages (a path, or a URL without its password).
  const std::string& Name() const { return name_; }
  std::size_t Size() const { return size_; }
  //! How many connections are open now (for tests and status pages).
  std::size_t Opened() const;

 private:
  struct Slot {
    std::unique_ptr<Database> owned;
    Database* connection = nullptr;
    std::thread::id holder;  //!< default (no thread) when free
    int depth = 0;           //!< nested leases held by `holder`
  };
  void Release(std::size_t slot);

  Opener open_;
  std::size_t size_;
  std::chrono::milliseconds wait_;
  Dialect kind_;
  std::string name_;
  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<Slot>> slots_;  //!< pointers: a Slot never moves while lent
  std::size_t opening_ = 0;                   //!< connections being opened outside the lock
};

//! What every repository holds: the pool it borrows connections from. Made
//! over one connection (tests, one-off commands), it owns a pool of one.
class PooledRepository {
 protected:
  explicit PooledRepository(ConnectionPool& pool) : pool_(pool) {}
  explicit PooledRepository(Database& connection)
      : owned_pool_(std::make_unique<ConnectionPool>(connection)), pool_(*owned_pool_) {}

 private:
  std::unique_ptr<ConnectionPool> owned_pool_;

 protected:
  ConnectionPool& pool_;
};

}  // namespace lqf::store
