// A value or the reason there is none. The core reports every failure as
// text meant for an administrator, so the error side is always a string.
// Expected<void> is the same for a step that yields nothing but may fail:
// the project's one error convention.
#pragma once

#include <optional>
#include <string>
#include <utility>

namespace tenant {

template <class T>
class Expected {
 public:
  Expected(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  static Expected failure(std::string error) {
    Expected e;
    e.error_ = std::move(error);
    return e;
  }

  explicit operator bool() const { return value_.has_value(); }
  bool ok() const { return value_.has_value(); }
  // On an error these throw std::bad_optional_access rather than read
  // nothing: a missed check is a caught failure, never undefined behaviour.
  const T& value() const { return value_.value(); }
  T& value() { return value_.value(); }
  const T& operator*() const { return value_.value(); }
  const T* operator->() const { return &value_.value(); }
  const std::string& error() const { return error_; }

 private:
  Expected() = default;
  std::optional<T> value_;
  std::string error_;
};

template <>
class Expected<void> {
 public:
  Expected() = default;  // success
  static Expected failure(std::string error) {
    Expected e;
    e.failed_ = true;
    e.error_ = std::move(error);
    return e;
  }
  explicit operator bool() const { return !failed_; }
  bool ok() const { return !failed_; }
  const std::string& error() const { return error_; }

 private:
  bool failed_ = false;
  std::string error_;
};

}  // namespace tenant
