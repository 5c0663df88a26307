#pragma once
//! Group commit: writes from many threads that arrive while one commit is in
//! progress are committed together, in one transaction, by whichever thread
//! is free to lead. Each caller returns only once its write is durable, so
//! "saved" still means saved; the disk is flushed once per group rather than
//! once per write, and writers queue here rather than in SQLite's busy loop.
//!
//! With one writer at a time there is no waiting and no batching: the first
//! caller commits its own write at once.

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <vector>

#include "store/connection_pool.hpp"

namespace lqf::store {

class GroupCommit {
 public:
  //! The most writes one transaction takes (the rest wait for the next).
  static constexpr std::size_t kMaxGroup = 256;

  explicit GroupCommit(ConnectionPool& pool) : pool_(pool) {}
  GroupCommit(const GroupCommit&) = delete;
  GroupCommit& operator=(const GroupCommit&) = delete;

  //! Runs `work` inside a transaction it may share with other callers' work,
  //! and returns once that transaction has committed. `work` runs inside a
  //! savepoint of its own: if it throws, only its changes are undone and the
  //! exception reaches this caller alone. If the commit fails, every caller
  //! in the group gets the error and nothing of the group is kept. Must not
  //! be called inside a transaction (the group opens its own).
  void Run(const std::function<void(Database&)>& work);

 private:
  struct Job {
    const std::function<void(Database&)>* work;
    std::exception_ptr error;
    bool done = false;
  };
  void Commit(std::vector<Job*>& group);

  ConnectionPool& pool_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::vector<Job*> queue_;
  bool leading_ = false;
};

}  // namespace lqf::store
