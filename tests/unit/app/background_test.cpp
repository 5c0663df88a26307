#include "app/background.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <vector>

namespace lqf::app {
namespace {

TEST(BackgroundTasks, RunsTasksInOrderAndSurvivesOneThatThrows) {
  BackgroundTasks tasks;
  std::vector<int> ran;  // only the background thread writes it, until Drain
  ASSERT_TRUE(tasks.Post([&] { ran.push_back(1); }));
  ASSERT_TRUE(tasks.Post([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(tasks.Post([&] { ran.push_back(3); }));
  tasks.Drain();
  EXPECT_EQ(ran, (std::vector<int>{1, 3}));
}

TEST(BackgroundTasks, RefusesWhenFullAndFinishesWhatWasPostedOnDestruction) {
  std::atomic<int> done{0};
  {
    BackgroundTasks tasks;
    std::atomic<bool> started{false};
    std::atomic<bool> release{false};
    ASSERT_TRUE(tasks.Post([&] {
      started = true;
      while (!release) std::this_thread::yield();
      ++done;
    }));
    while (!started) std::this_thread::yield();  // the queue is empty again
    std::size_t accepted = 0;
    while (tasks.Post([&] { ++done; })) ++accepted;
    EXPECT_EQ(accepted, kMaxBackgroundTasks) << "the queue holds exactly its limit";
    release = true;
  }
  EXPECT_EQ(done.load(), static_cast<int>(kMaxBackgroundTasks) + 1);
}

}  // namespace
}  // namespace lqf::app
