#pragma once
//! Work done after the answer has gone: a single background thread with a
//! bounded queue. Used where doing the work before answering would tell the
//! asker something through the time taken (a password reset must take as long
//! for an address with an account as for one without).

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace lqf::app {

//! Most tasks waiting; beyond it new ones are refused (and the caller told).
inline constexpr std::size_t kMaxBackgroundTasks = 1000;

//! Runs posted tasks one at a time, in order, on its own thread.
class BackgroundTasks {
 public:
  BackgroundTasks();
  //! Finishes the tasks already posted, then stops.
  ~BackgroundTasks();
  BackgroundTasks(const BackgroundTasks&) = delete;
  BackgroundTasks& operator=(const BackgroundTasks&) = delete;

  //! Queues a task; false if the queue is full. A task that throws is logged
  //! by type and the next one runs.
  bool Post(std::function<void()> task);
  //! Waits until every task posted so far has run (for tests and shutdown).
  void Drain();

 private:
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::function<void()>> queue_;
  bool busy_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

//! A thread that runs `task` at once and then every `interval` until
//! destroyed (the hourly purge, the feedback schedule). A task that throws is
//! logged by `name` only and tried again next time: the database may be
//! briefly unreachable.
class PeriodicTask {
 public:
  PeriodicTask(std::string name, std::function<void()> task, std::chrono::milliseconds interval);
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

 private:
  void Run();

  const std::string name_;
  const std::function<void()> task_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace lqf::app
