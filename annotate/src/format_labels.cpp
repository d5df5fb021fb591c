// Shared pieces of the label formats: format names, offset units and their conversion, the --map file.
#include "credence/annotate/format_labels.hpp"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"

namespace credence::annotate {

std::string_view to_string(LabelFormat format) {
  switch (format) {
    case LabelFormat::jsonl: return "jsonl";
    case LabelFormat::brat: return "brat";
    case LabelFormat::webanno_tsv: return "webanno-tsv";
    case LabelFormat::xmi: return "xmi";
    case LabelFormat::label_studio: return "label-studio";
    case LabelFormat::doccano: return "doccano";
    case LabelFormat::ptc: return "ptc";
    case LabelFormat::csv: return "csv";
    case LabelFormat::agreement: return "agreement";
  }
  return "?";
}

std::optional<LabelFormat> parse_label_format(std::string_view name) {
  if (name == "jsonl" || name == "credence") return LabelFormat::jsonl;
  if (name == "brat") return LabelFormat::brat;
  if (name == "webanno-tsv" || name == "tsv3" || name == "webanno") return LabelFormat::webanno_tsv;
  if (name == "xmi" || name == "uima-xmi") return LabelFormat::xmi;
  if (name == "label-studio" || name == "labelstudio") return LabelFormat::label_studio;
  if (name == "doccano") return LabelFormat::doccano;
  if (name == "ptc" || name == "semeval") return LabelFormat::ptc;
  if (name == "csv") return LabelFormat::csv;
  if (name == "agreement") return LabelFormat::agreement;
  return std::nullopt;
}

std::string_view to_string(OffsetUnit unit) {
  switch (unit) {
    case OffsetUnit::code_point: return "code points";
    case OffsetUnit::utf16: return "UTF-16 code units";
    case OffsetUnit::byte: return "UTF-8 bytes";
  }
  return "?";
}

OffsetUnit offset_unit_of(LabelFormat format) {
  switch (format) {
    case LabelFormat::webanno_tsv:
    case LabelFormat::xmi:
    case LabelFormat::label_studio: return OffsetUnit::utf16;
    default: return OffsetUnit::code_point;
  }
}

namespace {

std::size_t width_in(char32_t c, OffsetUnit unit) {
  switch (unit) {
    case OffsetUnit::code_point: return 1;
    case OffsetUnit::utf16: return c > 0xFFFF ? 2 : 1;
    case OffsetUnit::byte: return c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return 1;
}

const icu::Normalizer2& nfc_instance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status) || nfc == nullptr) throw std::runtime_error("ICU NFC normaliser unavailable");
  return *nfc;
}

bool all_ascii_plain(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80 || c == '\r') return false;
  }
  return true;
}

}  // namespace

OffsetMap::OffsetMap(std::string_view raw, OffsetUnit unit) : raw_(raw) {
  const std::size_t n_bytes = raw.size();
  if (all_ascii_plain(raw)) {
    // The common case: every unit is a byte and a code point, and normalisation changes nothing.
    normalized_ = raw_;
    raw_byte_of_cp_.resize(n_bytes + 1);
    raw_cp_of_unit_.resize(n_bytes + 1);
    norm_start_of_cp_.resize(n_bytes + 1);
    for (std::size_t i = 0; i <= n_bytes; ++i) {
      raw_byte_of_cp_[i] = i;
      raw_cp_of_unit_[i] = static_cast<std::ptrdiff_t>(i);
      norm_start_of_cp_[i] = i;
    }
    norm_end_of_cp_ = norm_start_of_cp_;
    return;
  }
  const std::u32string cps = to_u32(raw);
  const std::size_t n = cps.size();
  raw_byte_of_cp_.reserve(n + 1);
  raw_cp_of_unit_.reserve(n + 1);
  std::size_t byte = 0;
  for (std::size_t cp_idx = 0; cp_idx < n; ++cp_idx) {
    raw_byte_of_cp_.push_back(byte);
    byte += width_in(cps[cp_idx], OffsetUnit::byte);
    raw_cp_of_unit_.push_back(static_cast<std::ptrdiff_t>(cp_idx));
    for (std::size_t extra = 1; extra < width_in(cps[cp_idx], unit); ++extra) raw_cp_of_unit_.push_back(-1);
  }
  raw_byte_of_cp_.push_back(byte);
  raw_cp_of_unit_.push_back(static_cast<std::ptrdiff_t>(n));

  norm_start_of_cp_.assign(n + 1, 0);
  norm_end_of_cp_.assign(n + 1, 0);
  const icu::Normalizer2& nfc = nfc_instance();
  UErrorCode status = U_ZERO_ERROR;
  const auto whole = icu::UnicodeString::fromUTF8(icu::StringPiece(raw.data(), static_cast<int32_t>(raw.size())));
  const bool already_nfc = nfc.isNormalized(whole, status) && U_SUCCESS(status);

  std::u32string out;
  out.reserve(n);
  std::size_t i = 0;
  if (n > 0 && cps[0] == 0xFEFF) {  // a BOM is dropped: both of its boundaries map to 0
    i = 1;
  }
  while (i < n) {
    const char32_t c = cps[i];
    const std::size_t norm = out.size();
    norm_start_of_cp_[i] = norm_end_of_cp_[i] = norm;
    if (c == U'\r') {
      out.push_back(U'\n');
      if (i + 1 < n && cps[i + 1] == U'\n') {
        norm_start_of_cp_[i + 1] = norm;      // between CR and LF: a start stays before the break,
        norm_end_of_cp_[i + 1] = norm + 1;    // an end includes it
        i += 2;
      } else {
        i += 1;
      }
      continue;
    }
    if (already_nfc) {
      out.push_back(c);
      ++i;
      continue;
    }
    std::size_t j = i + 1;
    while (j < n && cps[j] != U'\r' && cps[j] != U'\n' && !nfc.hasBoundaryBefore(static_cast<UChar32>(cps[j]))) ++j;
    if (j == i + 1 && nfc.isInert(static_cast<UChar32>(c))) {
      out.push_back(c);
      i = j;
      continue;
    }
    const std::u32string segment = cps.substr(i, j - i);
    const std::u32string composed = to_u32(to_nfc(from_u32(segment)));
    if (composed == segment) {
      for (std::size_t k = i + 1; k < j; ++k) norm_start_of_cp_[k] = norm_end_of_cp_[k] = norm + (k - i);
    } else {
      for (std::size_t k = i + 1; k < j; ++k) {
        norm_start_of_cp_[k] = norm;
        norm_end_of_cp_[k] = norm + composed.size();
      }
    }
    out += composed;
    i = j;
  }
  norm_start_of_cp_[n] = norm_end_of_cp_[n] = out.size();
  normalized_ = from_u32(out);
}

std::optional<std::size_t> OffsetMap::start_of(std::size_t pos) const {
  if (pos >= raw_cp_of_unit_.size() || raw_cp_of_unit_[pos] < 0) return std::nullopt;
  return norm_start_of_cp_[static_cast<std::size_t>(raw_cp_of_unit_[pos])];
}

std::optional<std::size_t> OffsetMap::end_of(std::size_t pos) const {
  if (pos >= raw_cp_of_unit_.size() || raw_cp_of_unit_[pos] < 0) return std::nullopt;
  return norm_end_of_cp_[static_cast<std::size_t>(raw_cp_of_unit_[pos])];
}

std::string OffsetMap::raw_slice(std::size_t start, std::size_t end) const {
  const auto a = raw_byte_of_cp_.at(static_cast<std::size_t>(raw_cp_of_unit_.at(start)));
  const auto b = raw_byte_of_cp_.at(static_cast<std::size_t>(raw_cp_of_unit_.at(end)));
  return raw_.substr(a, b - a);
}

UnitConverter::UnitConverter(std::string_view text, OffsetUnit unit) : unit_(unit) {
  if (unit == OffsetUnit::code_point) return;
  unit_of_cp_.reserve(text.size() + 1);
  std::size_t units = 0;
  for (char32_t c : to_u32(text)) {
    unit_of_cp_.push_back(units);
    units += width_in(c, unit);
  }
  unit_of_cp_.push_back(units);
}

std::map<std::string, std::vector<std::size_t>> labels_by_annotator(const std::vector<Annotation>& labels) {
  std::map<std::string, std::vector<std::size_t>> by_annotator;
  for (std::size_t label_idx = 0; label_idx < labels.size(); ++label_idx) by_annotator[labels[label_idx].annotator].push_back(label_idx);
  return by_annotator;
}

void create_output_folder(const std::filesystem::path& folder) {
  std::error_code ec;
  std::filesystem::create_directories(folder, ec);
  if (ec) throw StoreError("cannot create folder " + folder.string() + ": " + ec.message());
}

std::size_t UnitConverter::to_unit(std::size_t code_point) const {
  if (unit_ == OffsetUnit::code_point) return code_point;
  return unit_of_cp_.at(code_point);
}

namespace {

bool is_id(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

// Splits on tabs, or on runs of two or more spaces when the line has no tab.
std::vector<std::string> split_map_line(std::string_view line) {
  std::vector<std::string> fields;
  if (line.find('\t') != std::string_view::npos) {
    std::size_t pos = 0;
    while (true) {
      const auto tab = line.find('\t', pos);
      fields.emplace_back(trim(line.substr(pos, tab == std::string_view::npos ? std::string_view::npos : tab - pos)));
      if (tab == std::string_view::npos) break;
      pos = tab + 1;
    }
  } else {
    std::size_t pos = 0;
    while (pos < line.size()) {
      auto gap = line.find("  ", pos);
      fields.emplace_back(trim(line.substr(pos, gap == std::string_view::npos ? std::string_view::npos : gap - pos)));
      if (gap == std::string_view::npos) break;
      while (gap < line.size() && line[gap] == ' ') ++gap;
      pos = gap;
    }
  }
  while (!fields.empty() && fields.back().empty()) fields.pop_back();
  return fields;
}

}  // namespace

std::optional<LabelTarget> parse_label_target(std::string_view name) {
  LabelTarget target;
  if (const auto slash = name.find('/'); slash != std::string_view::npos) {
    target.rubric = std::string(name.substr(0, slash));
    if (!is_id(target.rubric)) return std::nullopt;
    name.remove_prefix(slash + 1);
  }
  if (const auto eq = name.find('='); eq != std::string_view::npos) {
    const auto number = name.substr(eq + 1);
    double value = 0;
    auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || ptr != number.data() + number.size()) return std::nullopt;
    target.dimension = std::string(name.substr(0, eq));
    target.value = value;
    return is_id(target.dimension) ? std::make_optional(target) : std::nullopt;
  }
  const auto sep = name.find_first_of(".:");
  if (sep == std::string_view::npos) return std::nullopt;
  target.dimension = std::string(name.substr(0, sep));
  target.category = std::string(name.substr(sep + 1));
  if (!is_id(target.dimension) || !is_id(target.category)) return std::nullopt;
  return target;
}

const LabelTarget* LabelMap::find(const std::string& foreign) const {
  auto it = labels.find(foreign);
  return it == labels.end() ? nullptr : &it->second;
}

LabelMap parse_label_map(std::string_view text, const std::string& path, std::vector<Diagnostic>& diagnostics) {
  LabelMap map;
  map.path = path;
  std::size_t line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (trim(line).empty() || trim(line).front() == '#') continue;
    const auto fields = split_map_line(line);
    auto bad = [&](const std::string& message) { diagnostics.push_back(error_at(path, line_no, 1, message)); };
    if (fields.empty() || fields[0].empty()) {
      bad("line starts with a separator; write FOREIGN<TAB>DIMENSION.CATEGORY");
      continue;
    }
    if (fields[0] == "@ignore") {
      if (fields.size() != 2) {
        bad("@ignore takes one label name: @ignore<TAB>NAME");
        continue;
      }
      LabelTarget ignored;
      ignored.ignore = true;
      map.labels[fields[1]] = ignored;
      continue;
    }
    if (fields[0] == "@feature") {
      if (fields.size() != 3) {
        bad("@feature takes a type and a feature: @feature<TAB>TYPE<TAB>FEATURE");
        continue;
      }
      map.features[fields[1]] = fields[2];
      continue;
    }
    if (fields[0].front() == '@') {
      bad("unknown directive '" + fields[0] + "'; use @ignore or @feature");
      continue;
    }
    std::optional<LabelTarget> target;
    if (fields.size() == 2) {
      target = parse_label_target(fields[1]);
    } else if (fields.size() == 3) {
      target = parse_label_target(fields[1] + "." + fields[2]);
    }
    if (fields.size() < 2 || fields.size() > 3) {
      bad("expected FOREIGN<TAB>DIMENSION.CATEGORY or FOREIGN<TAB>DIMENSION<TAB>CATEGORY");
      continue;
    }
    if (!target) {
      bad("cannot read the target of '" + fields[0] + "'; write [RUBRIC/]DIMENSION.CATEGORY with rubric ids");
      continue;
    }
    if (map.labels.count(fields[0]) != 0) {
      bad("label '" + fields[0] + "' is mapped twice");
      continue;
    }
    map.labels[fields[0]] = *target;
  }
  return map;
}

LabelMap load_label_map(const std::string& path, std::vector<Diagnostic>& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics.push_back(error_in(path, "cannot read the map file"));
    return {};
  }
  std::string text;
  if (!read_stream(in, text)) {
    diagnostics.push_back(error_in(path, "cannot read the map file: read error; check the disk"));
    return {};
  }
  if (auto bad = find_invalid_utf8(text)) {
    diagnostics.push_back(error_at_byte(path, *bad, "invalid UTF-8; save the map file as UTF-8"));
    return {};
  }
  return parse_label_map(text, path, diagnostics);
}

std::string label_name(const Annotation& annotation) {
  if (annotation.category.empty() && annotation.value) {
    std::ostringstream out;
    out << annotation.dimension << '=' << *annotation.value;
    return out.str();
  }
  return annotation.dimension + "." + annotation.category;
}

}  // namespace credence::annotate

namespace credence::annotate {

std::vector<std::filesystem::path> collect_label_files(const std::vector<std::string>& paths,
                                                       const std::vector<std::string>& extensions,
                                                       const DiagnosticSink& diagnostics) {
  namespace fs = std::filesystem;
  auto wanted = [&](const fs::path& p) {
    const std::string name = p.filename().string();
    for (const auto& ext : extensions) {
      if (name.size() >= ext.size() && name.compare(name.size() - ext.size(), ext.size(), ext) == 0) return true;
    }
    return false;
  };
  std::vector<fs::path> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<fs::path> found;
      for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec)) {
        if (it->is_regular_file(ec) && wanted(it->path())) found.push_back(it->path());
      }
      if (found.empty()) {
        std::string list;
        for (const auto& ext : extensions) list += (list.empty() ? "" : " or ") + ext;
        diagnostics(error_in(path, "no " + list + " files in this folder"));
      }
      std::sort(found.begin(), found.end());
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::is_regular_file(path, ec)) {
      files.emplace_back(path);
    } else {
      diagnostics(error_in(path, "no such file or folder"));
    }
  }
  return files;
}

std::optional<std::string> read_whole_file(const std::filesystem::path& path, const DiagnosticSink& diagnostics) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diagnostics(error_in(path.string(), "cannot read file"));
    return std::nullopt;
  }
  std::string content;
  if (!read_stream(in, content)) {
    diagnostics(error_in(path.string(), "read error; check the disk"));
    return std::nullopt;
  }
  return content;
}

std::ofstream open_output(const std::filesystem::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw StoreError("cannot write " + path.string() + "; check that the folder exists and is writable");
  return out;
}

void write_whole_file(const std::filesystem::path& path, std::string_view content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0) throw StoreError("cannot write " + path.string() + "; check that the folder exists and is writable");
  std::size_t written = 0;
  while (written < content.size()) {
    const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      ::close(fd);
      throw StoreError("write error; is the disk full?");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::close(fd) != 0) throw StoreError("write error; is the disk full?");
}

void append_number(std::string& out, std::size_t n) {
  char digits[24];
  const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, n);
  out.append(digits, end);
}

std::string safe_file_name(std::string_view id) {
  std::string out;
  for (char c : id) {
    const bool unsafe = c == '/' || c == '\\' || c == ':' || c == '*' || c == '?' || c == '"' || c == '<' || c == '>' ||
                        c == '|' || static_cast<unsigned char>(c) < 0x20;
    out.push_back(unsafe ? '_' : c);
  }
  if (out.empty() || out == "." || out == "..") out = "_" + out;
  return out;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace credence::annotate
