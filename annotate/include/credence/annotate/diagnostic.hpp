// Where bad input went wrong and what to do about it: locations are data, rendered at the edge.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace credence::annotate {

enum class Severity { error, warning };

// A position in an input. Any field may be unset; render() prints what is known.
struct Location {
  std::string path;                       // file path, or "" for in-memory input
  std::size_t line = 0;                   // 1-based; 0 = not applicable
  std::size_t column = 0;                 // 1-based; 0 = not applicable
  std::optional<std::size_t> byte_offset; // 0-based byte offset where lines do not apply
  std::string json_pointer;               // RFC 6901 pointer into a JSON document, "" = none
};

struct Diagnostic {
  Severity severity = Severity::error;
  Location where;
  std::string message;

  // "path:line:col: error: message", "path: byte 17: error: message", "path#/a/0: error: message",
  // and with both a line and a pointer "path:3: error: at /text: message".
  [[nodiscard]] std::string render() const;
};

// Convenience constructors; an empty path renders as "<input>".
Diagnostic error_at(std::string path, std::size_t line, std::size_t column, std::string message);
Diagnostic error_at_byte(std::string path, std::size_t byte_offset, std::string message);
Diagnostic error_at_pointer(std::string path, std::string json_pointer, std::string message);
Diagnostic error_in(std::string path, std::string message);

// True when any diagnostic is an error (warnings do not count).
bool has_errors(const std::vector<Diagnostic>& diagnostics);

}  // namespace credence::annotate
