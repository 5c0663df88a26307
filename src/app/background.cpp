#include "app/background.hpp"

#include <iostream>
#include <typeinfo>

namespace lqf::app {

BackgroundTasks::BackgroundTasks() : thread_([this] { Run(); }) {}

BackgroundTasks::~BackgroundTasks() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

bool BackgroundTasks::Post(std::function<void()> task) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= kMaxBackgroundTasks) return false;
    queue_.push_back(std::move(task));
  }
  changed_.notify_all();
  return true;
}

void BackgroundTasks::Drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queue_.empty() && !busy_; });
}

void BackgroundTasks::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
    if (queue_.empty()) return;  // stopping, and nothing left to do
    auto task = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    lock.unlock();
    try {
      task();
    } catch (const std::exception& error) {
      // Only the type: the message might quote personal data.
      std::cerr << "background task failed: " << typeid(error).name() << "\n";
    }
    lock.lock();
    busy_ = false;
    changed_.notify_all();
  }
}

PeriodicTask::PeriodicTask(std::string name, std::function<void()> task, std::chrono::milliseconds interval)
    : name_(std::move(name)), task_(std::move(task)), interval_(interval), thread_([this] { Run(); }) {}

PeriodicTask::~PeriodicTask() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void PeriodicTask::Run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    try {
      task_();
    } catch (const std::exception&) {
      // Only the name: an exception's message may quote data.
      std::cerr << name_ << ": did not finish this time; trying again later\n";
    }
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace lqf::app
