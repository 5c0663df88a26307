#include "store/connection_pool.hpp"

#include <utility>

#include "app/ports.hpp"

namespace lqf::store {

ConnectionPool::ConnectionPool(Opener open, std::size_t size, std::chrono::milliseconds wait)
    : open_(std::move(open)), size_(size), wait_(wait) {
  if (size_ < 1 || size_ > kMaxSize) {
    throw app::StoreError("a pool of " + std::to_string(size_) + " database connections: give 1 to " +
                          std::to_string(kMaxSize));
  }
  auto slot = std::make_unique<Slot>();
  slot->owned = open_();
  slot->connection = slot->owned.get();
  kind_ = slot->connection->Kind();
  name_ = slot->connection->Name();
  slots_.push_back(std::move(slot));
}

ConnectionPool::ConnectionPool(Database& connection)
    : size_(1), wait_(kDefaultWait), kind_(connection.Kind()), name_(connection.Name()) {
  auto slot = std::make_unique<Slot>();
  slot->connection = &connection;
  slots_.push_back(std::move(slot));
}

ConnectionPool::~ConnectionPool() = default;

std::size_t ConnectionPool::Opened() const {
  std::lock_guard lock(mutex_);
  return slots_.size();
}

ConnectionPool::Lease ConnectionPool::Acquire() {
  const auto me = std::this_thread::get_id();
  std::unique_lock lock(mutex_);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    if (slots_[i]->depth > 0 && slots_[i]->holder == me) {
      ++slots_[i]->depth;
      Database* connection = slots_[i]->connection;
      lock.unlock();
      return Lease(this, i, connection);
    }
  }
  const auto deadline = std::chrono::steady_clock::now() + wait_;
  for (;;) {
    for (std::size_t i = 0; i < slots_.size(); ++i) {
      if (slots_[i]->depth == 0) {
        slots_[i]->holder = me;
        slots_[i]->depth = 1;
        Database* connection = slots_[i]->connection;
        lock.unlock();
        return Lease(this, i, connection);
      }
    }
    if (open_ && slots_.size() + opening_ < size_) {
      // Open outside the lock: connecting to a server takes a round trip or
      // more, and other threads may meanwhile take connections coming free.
      ++opening_;
      lock.unlock();
      std::unique_ptr<Database> fresh;
      try {
        fresh = open_();
      } catch (...) {
        lock.lock();
        --opening_;
        freed_.notify_one();
        throw;
      }
      lock.lock();
      --opening_;
      auto slot = std::make_unique<Slot>();
      slot->owned = std::move(fresh);
      slot->connection = slot->owned.get();
      slot->holder = me;
      slot->depth = 1;
      slots_.push_back(std::move(slot));
      const std::size_t index = slots_.size() - 1;
      Database* connection = slots_[index]->connection;
      lock.unlock();
      return Lease(this, index, connection);
    }
    if (freed_.wait_until(lock, deadline) == std::cv_status::timeout) {
      bool any_free = false;
      for (const auto& slot : slots_) any_free = any_free || slot->depth == 0;
      if (!any_free) {
        throw app::StoreError("all " + std::to_string(size_) + " connections to the database are busy; try again");
      }
    }
  }
}

void ConnectionPool::Release(std::size_t index) {
  {
    std::lock_guard lock(mutex_);
    Slot& slot = *slots_[index];
    if (--slot.depth > 0) return;
    slot.holder = {};
  }
  freed_.notify_one();
}

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::size_t slot, Database* connection)
    : pool_(pool), slot_(slot), connection_(connection) {
  // The connection's own lock as well: a connection shared by several pools
  // (the borrowing constructor) is still used by one thread at a time.
  try {
    lock_ = std::unique_lock(connection->Mutex());
  } catch (...) {
    pool_->Release(slot_);
    throw;
  }
}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)),
      slot_(other.slot_),
      connection_(other.connection_),
      lock_(std::move(other.lock_)) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ == nullptr) return;
  if (lock_.owns_lock()) lock_.unlock();
  pool_->Release(slot_);
}

}  // namespace lqf::store
