//===- Error.h - Errors without exceptions ----------------------*- C++ -*-===//
//
// The runtime reports bad input (truncated files, wrong sentinels, malformed
// MIL) as values, so the MLIR side (built without exceptions) and the CLI can
// turn them into diagnostics and a non-zero exit.
//
//===----------------------------------------------------------------------===//

#ifndef ORION_FORMAT_ERROR_H
#define ORION_FORMAT_ERROR_H

#include <cassert>
#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace orion::rt {

/// A failure with a message that names the file and position it concerns.
class Error {
public:
  explicit Error(std::string message) : message_(std::move(message)) {}
  const std::string &message() const { return message_; }

private:
  std::string message_;
};

/// Success, or an Error.
class Status {
public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}
  static Status ok() { return Status(); }
  explicit operator bool() const { return !error_.has_value(); }
  const Error &error() const { return *error_; }

private:
  std::optional<Error> error_;
};

/// A T, or the Error that prevented computing it.
template <typename T> class Expected {
public:
  Expected(T value) : storage_(std::move(value)) {}
  Expected(Error error) : storage_(std::move(error)) {}
  Expected(Status status) : storage_(status.error()) {
    assert(!status && "an Expected needs a value or a failed Status");
  }

  explicit operator bool() const { return storage_.index() == 0; }
  T &operator*() { return std::get<0>(storage_); }
  const T &operator*() const { return std::get<0>(storage_); }
  T *operator->() { return &std::get<0>(storage_); }
  const T *operator->() const { return &std::get<0>(storage_); }
  const Error &error() const { return std::get<1>(storage_); }
  Status status() const { return *this ? Status() : Status(error()); }

private:
  std::variant<T, Error> storage_;
};

/// strerror(err) for messages about files, except that a full disk says so:
/// "the disk is full (No space left on device)".
inline std::string systemErrorText(int err) {
  if (err == ENOSPC || err == EDQUOT)
    return std::string("the disk is full (") + std::strerror(err) + ")";
  return std::strerror(err);
}

} // namespace orion::rt

#endif // ORION_FORMAT_ERROR_H
