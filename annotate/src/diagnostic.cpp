// Rendering of diagnostics in the one format every command prints.
#include "credence/annotate/diagnostic.hpp"

namespace credence::annotate {

std::string Diagnostic::render() const {
  std::string out = where.path.empty() ? std::string("<input>") : where.path;
  // A pointer rides on the path only where there is no line to show; with a line it leads the message.
  const bool pointer_in_message = !where.json_pointer.empty() && where.line > 0;
  if (!where.json_pointer.empty() && !pointer_in_message) {
    out += "#" + where.json_pointer;
  }
  if (where.line > 0) {
    out += ":" + std::to_string(where.line);
    if (where.column > 0) out += ":" + std::to_string(where.column);
  } else if (where.byte_offset) {
    out += ": byte " + std::to_string(*where.byte_offset);
  }
  out += severity == Severity::error ? ": error: " : ": warning: ";
  if (pointer_in_message) out += "at " + where.json_pointer + ": ";
  out += message;
  return out;
}

Diagnostic error_at(std::string path, std::size_t line, std::size_t column, std::string message) {
  Diagnostic d;
  d.where.path = std::move(path);
  d.where.line = line;
  d.where.column = column;
  d.message = std::move(message);
  return d;
}

Diagnostic error_at_byte(std::string path, std::size_t byte_offset, std::string message) {
  Diagnostic d;
  d.where.path = std::move(path);
  d.where.byte_offset = byte_offset;
  d.message = std::move(message);
  return d;
}

Diagnostic error_at_pointer(std::string path, std::string json_pointer, std::string message) {
  Diagnostic d;
  d.where.path = std::move(path);
  d.where.json_pointer = std::move(json_pointer);
  d.message = std::move(message);
  return d;
}

Diagnostic error_in(std::string path, std::string message) {
  Diagnostic d;
  d.where.path = std::move(path);
  d.message = std::move(message);
  return d;
}

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  for (const auto& d : diagnostics) {
    if (d.severity == Severity::error) return true;
  }
  return false;
}

}  // namespace credence::annotate
