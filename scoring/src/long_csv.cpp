// Long CSV/TSV reader: one pass over a memory-mapped file, fields split with memchr, unit/coder/value keys
// interned in open-addressing tables of string views (no allocation per row), then one fill of the
// units x coders matrix.
#include "credence/scoring/long_csv.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <deque>
#include <stdexcept>
#include <tuple>
#include <map>

namespace credence::scoring {

namespace {

using annotate::Diagnostic;

std::uint64_t hash_bytes(std::string_view key) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ key.size();
  const char* p = key.data();
  std::size_t n = key.size();
  while (n >= 8) {
    std::uint64_t chunk;
    std::memcpy(&chunk, p, 8);
    h = (h ^ chunk) * 0xff51afd7ed558ccdULL;
    h ^= h >> 32;
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  h = (h ^ tail) * 0xc4ceb9fe1a85ec53ULL;
  return h ^ (h >> 29);
}

// Interns keys to dense indices 0..size-1. Views must outlive the table. Each slot keeps 32 bits of the
// hash, so a probe only touches the key bytes when those bits match (most probes for a new key touch none).
class Interner {
 public:
  Interner() { slots_.assign(64, Slot{}); }
  std::int32_t intern(std::string_view key) {
    const std::uint64_t h = hash_bytes(key);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    const std::size_t mask = slots_.size() - 1;
    std::size_t pos = h & mask;
    while (true) {
      const Slot slot = slots_[pos];
      if (slot.index < 0) break;
      if (slot.tag == tag && keys_[static_cast<std::size_t>(slot.index)] == key) return slot.index;
      pos = (pos + 1) & mask;
    }
    const auto index = static_cast<std::int32_t>(keys_.size());
    keys_.push_back(key);
    hashes_.push_back(h);
    slots_[pos] = Slot{index, tag};
    if (keys_.size() * 2 > slots_.size()) grow();
    return index;
  }
  [[nodiscard]] const std::vector<std::string_view>& keys() const { return keys_; }
  void reserve(std::size_t n) {
    keys_.reserve(n);
    hashes_.reserve(n);
  }

 private:
  struct Slot {
    std::int32_t index = -1;
    std::uint32_t tag = 0;
  };
  void grow() {
    std::vector<Slot> bigger(slots_.size() * 2);
    const std::size_t mask = bigger.size() - 1;
    for (std::size_t i = 0; i < keys_.size(); ++i) {
      std::size_t pos = hashes_[i] & mask;
      while (bigger[pos].index >= 0) pos = (pos + 1) & mask;
      bigger[pos] = Slot{static_cast<std::int32_t>(i), static_cast<std::uint32_t>(hashes_[i] >> 32)};
    }
    slots_.swap(bigger);
  }
  std::vector<Slot> slots_;
  std::vector<std::string_view> keys_;
  std::vector<std::uint64_t> hashes_;
};

// A direct-mapped cache in front of an Interner for columns with few distinct keys (coders, values):
// most rows then cost one short inline comparison instead of a hash-table probe.
class CachedInterner {
 public:
  explicit CachedInterner(Interner& interner) : interner_(interner) {}
  std::int32_t intern(std::string_view key) {
    const std::size_t size = key.size();
    const std::size_t slot =
        size == 0 ? 0
                  : (size * 31u + static_cast<unsigned char>(key[0]) * 7u + static_cast<unsigned char>(key[size - 1]) +
                     (size > 2 ? static_cast<unsigned char>(key[size - 2]) * 131u : 0u)) & 255u;
    Entry& entry = entries_[slot];
    if (entry.index >= 0 && entry.key.size() == size && same_bytes(entry.key.data(), key.data(), size)) {
      return entry.index;
    }
    entry.key = key;
    entry.index = interner_.intern(key);
    return entry.index;
  }

 private:
  static bool same_bytes(const char* a, const char* b, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  struct Entry {
    std::string_view key;
    std::int32_t index = -1;
  };
  Interner& interner_;
  Entry entries_[256];
};

struct Row {
  std::uint32_t unit;
  std::uint32_t coder;
  std::int32_t value;  // -1 = empty
  std::uint32_t line;
};

// Splits one line with RFC 4180 quoting; unescaped fields stay views into the line, escaped ones go to arena.
bool split_quoted(std::string_view line, char delimiter, std::vector<std::string_view>& fields,
                  std::deque<std::string>& arena) {
  fields.clear();
  std::size_t i = 0;
  while (true) {
    if (i < line.size() && line[i] == '"') {
      std::string value;
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            value.push_back('"');
            i += 2;
            continue;
          }
          closed = true;
          ++i;
          break;
        }
        value.push_back(line[i++]);
      }
      if (!closed) return false;
      arena.push_back(std::move(value));
      fields.emplace_back(arena.back());
      // Anything between the closing quote and the delimiter is kept out, as most readers do.
      while (i < line.size() && line[i] != delimiter) ++i;
    } else {
      const std::size_t start = i;
      while (i < line.size() && line[i] != delimiter) ++i;
      fields.push_back(line.substr(start, i - start));
    }
    if (i >= line.size()) break;
    ++i;  // the delimiter
    if (i == line.size()) {
      fields.emplace_back();
      break;
    }
  }
  return true;
}

class DiagnosticSink {
 public:
  DiagnosticSink(std::vector<Diagnostic>& out, std::size_t limit) : out_(out), limit_(limit) {}
  void add(Diagnostic diagnostic) {
    if (out_.size() < limit_) out_.push_back(std::move(diagnostic));
    else ++dropped_;
  }
  void finish(const std::string& path) {
    if (dropped_ > 0) {
      out_.push_back(annotate::error_in(path, std::to_string(dropped_) + " more errors not shown"));
    }
  }
  [[nodiscard]] bool any() const { return !out_.empty() || dropped_ > 0; }

 private:
  std::vector<Diagnostic>& out_;
  std::size_t limit_;
  std::size_t dropped_ = 0;
};

std::string quote(std::string_view text) { return "'" + std::string(text) + "'"; }

// Inline byte comparisons for short keys: a libc call per row costs more than the comparison.
inline bool same_text(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

inline bool blank(std::string_view text) {
  for (char c : text) {
    if (c != ' ' && c != '\t') return false;
  }
  return true;
}

}  // namespace

LongCsvResult read_long_csv(std::string_view text, const std::string& path, const LongCsvOptions& options) {
  LongCsvResult result;
  DiagnosticSink sink(result.diagnostics, options.max_diagnostics);
  // A UTF-8 byte order mark is not part of the first column name.
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF) {
    text.remove_prefix(3);
  }
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    sink.add(annotate::error_in(path, "the file is empty; expected a header line naming the unit, coder and value "
                                      "columns"));
    return result;
  }
  std::size_t pos = 0;
  std::size_t line_number = 0;
  auto next_line = [&](std::string_view& line) {
    if (pos >= text.size()) return false;
    const char* start = text.data() + pos;
    const void* nl = std::memchr(start, '\n', text.size() - pos);
    std::size_t len = nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - start) : text.size() - pos;
    pos += len + 1;
    if (len > 0 && start[len - 1] == '\r') --len;
    line = std::string_view(start, len);
    ++line_number;
    return true;
  };
  std::string_view header;
  next_line(header);
  const char delimiter = options.delimiter != 0 ? options.delimiter
                         : (header.find('\t') != std::string_view::npos && header.find(',') == std::string_view::npos)
                             ? '\t'
                             : ',';
  std::deque<std::string> arena;
  std::vector<std::string_view> fields;
  if (!split_quoted(header, delimiter, fields, arena)) {
    sink.add(annotate::error_at(path, 1, 1, "unterminated quoted field in the header"));
    return result;
  }
  const std::size_t field_count = fields.size();
  auto find_column = [&](const std::string& name) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i] == name) return i;
    }
    return std::nullopt;
  };
  std::string columns;
  for (std::size_t i = 0; i < fields.size(); ++i) columns += (i ? ", " : "") + std::string(fields[i]);
  const auto unit_col = find_column(options.unit_column);
  const auto coder_col = find_column(options.coder_column);
  const auto value_col = find_column(options.value_column);
  for (const auto& [found, name, role] : {std::tuple{unit_col, options.unit_column, "unit"},
                                          std::tuple{coder_col, options.coder_column, "coder"},
                                          std::tuple{value_col, options.value_column, "value"}}) {
    if (!found) {
      sink.add(annotate::error_at(path, 1, 1, "the header has no " + std::string(role) + " column " + quote(name) +
                                                  " (columns: " + columns + ")"));
    }
  }
  if (!unit_col || !coder_col || !value_col) return result;
  const std::size_t u_idx = *unit_col, c_idx = *coder_col, v_idx = *value_col;

  Interner units, coders, values;
  CachedInterner coder_cache(coders), value_cache(values);
  std::vector<std::uint32_t> value_first_line;
  std::vector<Row> rows;
  // One row per line: count the lines once so the row table never reallocates.
  rows.reserve(static_cast<std::size_t>(std::count(text.begin() + static_cast<std::ptrdiff_t>(pos), text.end(), '\n')) + 1);
  units.reserve(rows.capacity() / 2);
  std::string_view previous_unit;
  std::int32_t previous_unit_index = -1;
  std::string_view line;
  // Column (1-based) where field `index` starts, for diagnostics only.
  auto column_of = [&](std::string_view row_text, std::size_t index) {
    std::size_t column = 1;
    for (std::size_t i = 0, f = 0; i < row_text.size() && f < index; ++i, ++column) {
      if (row_text[i] == delimiter) ++f;
    }
    return column;
  };
  const char* const text_end = text.data() + text.size();
  while (pos < text.size()) {
    // Fast path: one scan of the line splits it at the delimiter and notes any quote; quoted lines are
    // split again by the RFC 4180 splitter.
    const char* const start = text.data() + pos;
    const char* p = start;
    const char* field_start = start;
    std::size_t field = 0;
    bool quoted = false;
    std::string_view unit, coder, value;
    while (true) {
      if (p == text_end || *p == '\n') {
        const char* field_end = (p > field_start && p[-1] == '\r') ? p - 1 : p;
        std::string_view f(field_start, static_cast<std::size_t>(field_end - field_start));
        if (field == u_idx) unit = f;
        if (field == c_idx) coder = f;
        if (field == v_idx) value = f;
        ++field;
        break;
      }
      const char ch = *p;
      if (ch == delimiter) {
        std::string_view f(field_start, static_cast<std::size_t>(p - field_start));
        if (field == u_idx) unit = f;
        if (field == c_idx) coder = f;
        if (field == v_idx) value = f;
        ++field;
        field_start = p + 1;
      } else if (ch == '"') {
        quoted = true;
      }
      ++p;
    }
    std::size_t len = static_cast<std::size_t>(p - start);
    pos += len + 1;
    if (len > 0 && start[len - 1] == '\r') --len;
    line = std::string_view(start, len);
    ++line_number;
    if (line.empty()) continue;
    if (!quoted) {
      if (field != field_count) {
        sink.add(annotate::error_at(path, line_number, 1,
                                    "row has " + std::to_string(field) + " fields, the header has " +
                                        std::to_string(field_count)));
        continue;
      }
    } else {
      if (!split_quoted(line, delimiter, fields, arena)) {
        sink.add(annotate::error_at(path, line_number, 1, "unterminated quoted field"));
        continue;
      }
      if (fields.size() != field_count) {
        sink.add(annotate::error_at(path, line_number, 1,
                                    "row has " + std::to_string(fields.size()) + " fields, the header has " +
                                        std::to_string(field_count)));
        continue;
      }
      unit = fields[u_idx];
      coder = fields[c_idx];
      value = fields[v_idx];
    }
    if (unit.empty() || coder.empty()) {
      const std::size_t index = unit.empty() ? u_idx : c_idx;
      sink.add(annotate::error_at(path, line_number, column_of(line, index),
                                  std::string("empty ") + (unit.empty() ? "unit" : "coder") + " in column " +
                                      quote(unit.empty() ? options.unit_column : options.coder_column)));
      continue;
    }
    std::int32_t unit_index;
    if (previous_unit_index >= 0 && same_text(unit, previous_unit)) {
      unit_index = previous_unit_index;
    } else {
      unit_index = units.intern(unit);
      previous_unit = unit;
      previous_unit_index = unit_index;
    }
    const std::int32_t coder_index = coder_cache.intern(coder);
    std::int32_t value_index = -1;
    // Only white space is as good as empty: a missing value.
    if (!blank(value)) {
      value_index = value_cache.intern(value);
      if (static_cast<std::size_t>(value_index) == value_first_line.size()) {
        value_first_line.push_back(static_cast<std::uint32_t>(line_number));
        if (options.require_numbers && !parse_number(value)) {
          sink.add(annotate::error_at(path, line_number, column_of(line, v_idx),
                                      "value " + quote(value) + " is not a number (the level needs numbers)"));
        }
      }
    } else {
      ++result.missing_values;
    }
    rows.push_back({static_cast<std::uint32_t>(unit_index), static_cast<std::uint32_t>(coder_index), value_index,
                    static_cast<std::uint32_t>(line_number)});
  }
  result.rows = rows.size();
  if (rows.empty() && !sink.any()) {
    sink.add(annotate::error_in(path, "no data rows after the header"));
  }
  const std::size_t unit_count = units.keys().size();
  const std::size_t coder_count = coders.keys().size();
  if (!rows.empty() && coder_count < 2 && !sink.any()) {
    sink.add(annotate::error_in(path, "only one coder (" + quote(coders.keys()[0]) +
                                          "); agreement needs at least two coders"));
  }
  // The matrix is dense: many coders who each rate a few units (crowd work) can make it too large to hold.
  if (!sink.any() && unit_count * coder_count > options.max_cells) {
    sink.add(annotate::error_in(path, std::to_string(unit_count) + " units x " + std::to_string(coder_count) +
                                          " coders is more than the " + std::to_string(options.max_cells) +
                                          " cells the units x coders matrix may hold"));
  }
  if (sink.any()) {
    sink.finish(path);
    return result;
  }
  // Coders are listed by name (first-seen order depends on which unit happens to come first).
  std::vector<std::uint32_t> coder_order(coder_count), coder_rank(coder_count);
  for (std::size_t i = 0; i < coder_count; ++i) coder_order[i] = static_cast<std::uint32_t>(i);
  std::sort(coder_order.begin(), coder_order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return coders.keys()[a] < coders.keys()[b]; });
  for (std::size_t rank = 0; rank < coder_count; ++rank) coder_rank[coder_order[rank]] = static_cast<std::uint32_t>(rank);
  // Fill the matrix; `filled_line` also catches a coder who gave a unit an empty value and then a real one.
  std::vector<std::int32_t> codes(unit_count * coder_count, ReliabilityData::k_missing);
  std::vector<std::uint32_t> filled_line(unit_count * coder_count, 0);
  for (const auto& row : rows) {
    const std::size_t cell = static_cast<std::size_t>(row.unit) * coder_count + coder_rank[row.coder];
    if (filled_line[cell] != 0) {
      if (options.duplicates == DuplicatePolicy::first) continue;
      if (options.duplicates == DuplicatePolicy::error) {
        sink.add(annotate::error_at(path, row.line, 1,
                                    "coder " + quote(coders.keys()[row.coder]) + " rated unit " +
                                        quote(units.keys()[row.unit]) + " twice (first on line " +
                                        std::to_string(filled_line[cell]) +
                                        "); use --duplicates first or last to keep one"));
        continue;
      }
    }
    filled_line[cell] = row.line;
    codes[cell] = row.value;
  }
  if (sink.any()) {
    sink.finish(path);
    return result;
  }
  std::vector<std::string> labels, unit_ids, coder_ids;
  labels.reserve(values.keys().size());
  for (auto key : values.keys()) labels.emplace_back(key);
  unit_ids.reserve(unit_count);
  for (auto key : units.keys()) unit_ids.emplace_back(key);
  for (auto idx : coder_order) coder_ids.emplace_back(coders.keys()[idx]);
  try {
    result.data = ReliabilityData::from_codes(unit_count, coder_count, std::move(codes), std::move(labels),
                                              std::move(unit_ids), std::move(coder_ids), options.order);
  } catch (const std::invalid_argument& e) {
    // A value missing from --order: name the first line it appears on.
    std::string message = e.what();
    std::size_t line_of_value = 0;
    for (std::size_t i = 0; i < values.keys().size(); ++i) {
      if (message.find(quote(values.keys()[i])) != std::string::npos) line_of_value = value_first_line[i];
    }
    sink.add(line_of_value ? annotate::error_at(path, line_of_value, 0, message)
                           : annotate::error_in(path, message));
  }
  sink.finish(path);
  return result;
}

LongCsvResult read_long_csv_file(const std::string& path, const LongCsvOptions& options) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd < 0) {
    LongCsvResult result;
    result.io_error = true;
    result.diagnostics.push_back(annotate::error_in(path, std::string("cannot open: ") + std::strerror(errno)));
    return result;
  }
  struct stat info {};
  if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
    // Pipes and other non-regular files: read them whole.
    std::string text;
    char buffer[1 << 16];
    ssize_t got;
    while ((got = ::read(fd, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(got));
    ::close(fd);
    return read_long_csv(text, path, options);
  }
  const auto size = static_cast<std::size_t>(info.st_size);
  if (size == 0) {
    ::close(fd);
    return read_long_csv(std::string_view(), path, options);
  }
  void* mapped = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (mapped == MAP_FAILED) {
    LongCsvResult result;
    result.io_error = true;
    result.diagnostics.push_back(annotate::error_in(path, std::string("cannot read: ") + std::strerror(errno)));
    return result;
  }
  ::madvise(mapped, size, MADV_SEQUENTIAL);
  auto result = read_long_csv(std::string_view(static_cast<const char*>(mapped), size), path, options);
  ::munmap(mapped, size);
  return result;
}

}  // namespace credence::scoring
