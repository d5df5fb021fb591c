// `credence import-labels STUDY PATH... [--format F]`: brings labels in (credence's own JSONL, brat,
// WebAnno TSV3, UIMA XMI, Label Studio, doccano, PTC, CSV), each checked against the stored article text.
#include <boost/json.hpp>
#include <fstream>
#include <map>

#include "credence/annotate/format_import.hpp"

#include "commands.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace ann = credence::annotate;

namespace {

struct RubricCache {
  ann::Study& study;
  std::map<std::pair<std::string, std::string>, std::optional<ann::Rubric>> by_key;
  std::map<std::string, std::string> latest;  // rubric id -> newest stored version

  explicit RubricCache(ann::Study& s) : study(s) {
    for (const auto& row : study.list_rubrics()) latest[row.id] = row.version;  // ordered by added_at
  }
  const ann::Rubric* get(const std::string& id, const std::string& version) {
    auto key = std::make_pair(id, version);
    auto it = by_key.find(key);
    if (it == by_key.end()) {
      std::optional<ann::Rubric> rubric;
      if (auto row = study.find_rubric(id, version)) rubric = ann::parse_rubric(row->json, id).rubric;
      it = by_key.emplace(key, std::move(rubric)).first;
    }
    return it->second ? &*it->second : nullptr;
  }
};

struct ArticleCache {
  static constexpr std::size_t k_max_articles = 1024;
  ann::Study& study;
  std::map<std::string, std::optional<ann::Article>> by_external;
  const ann::Article* get(const std::string& external_id) {
    auto it = by_external.find(external_id);
    if (it == by_external.end()) {
      // Labels of one article usually come together: a bounded cache keeps memory flat on large files.
      if (by_external.size() >= k_max_articles) by_external.clear();
      std::optional<ann::Article> article;
      if (auto id = study.find_article_by_external_id(external_id)) article = study.load_article(*id);
      it = by_external.emplace(external_id, std::move(article)).first;
    }
    return it->second ? &*it->second : nullptr;
  }
};

std::optional<std::string> string_field(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_string()) return std::string(v->as_string());
  if (v->is_int64()) return std::to_string(v->as_int64());
  return std::nullopt;
}

std::optional<std::int64_t> int_field(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->is_int64()) return v->as_int64();
  if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
  return std::nullopt;
}

// Turns one JSON line into an annotation; returns an error message (with its JSON Pointer) on bad input.
std::optional<std::pair<std::string, std::string>> build_annotation(const boost::json::object& o, RubricCache& rubrics,
                                                                    ArticleCache& articles,
                                                                    const std::string& default_annotator,
                                                                    ann::Annotation& a) {
  auto fail = [](std::string pointer, std::string message) {
    return std::make_optional(std::make_pair(std::move(pointer), std::move(message)));
  };
  const auto article_id = string_field(o, "article");
  if (!article_id) return fail("/article", "missing field \"article\" (the article's id)");
  const ann::Article* article = articles.get(*article_id);
  if (article == nullptr) return fail("/article", "no article \"" + *article_id + "\" in the study");
  a.article_id = article->id;
  a.annotator = string_field(o, "annotator").value_or(default_annotator);
  if (a.annotator.empty()) return fail("/annotator", "missing field \"annotator\" (or pass --annotator NAME)");
  const auto rubric_id = string_field(o, "rubric");
  if (!rubric_id) return fail("/rubric", "missing field \"rubric\"");
  a.rubric_id = *rubric_id;
  auto version = string_field(o, "rubric_version");
  if (!version) {
    auto it = rubrics.latest.find(*rubric_id);
    if (it == rubrics.latest.end()) return fail("/rubric", "rubric \"" + *rubric_id + "\" is not in the study");
    version = it->second;
  }
  a.rubric_version = *version;
  const ann::Rubric* rubric = rubrics.get(a.rubric_id, a.rubric_version);
  if (rubric == nullptr) {
    return fail("/rubric_version", "rubric \"" + a.rubric_id + "\" version " + a.rubric_version + " is not in the study");
  }
  const auto dimension_id = string_field(o, "dimension");
  if (!dimension_id) return fail("/dimension", "missing field \"dimension\"");
  const ann::RubricDimension* dimension = rubric->find_dimension(*dimension_id);
  if (dimension == nullptr) {
    return fail("/dimension", "rubric \"" + a.rubric_id + "\" has no dimension \"" + *dimension_id + "\"");
  }
  a.dimension = *dimension_id;
  a.unit = dimension->unit;
  if (auto unit = string_field(o, "unit")) {
    auto parsed = ann::parse_unit_kind(*unit);
    if (!parsed) return fail("/unit", "unknown unit \"" + *unit + "\"; use article, passage or span");
    if (*parsed != dimension->unit) {
      return fail("/unit", "dimension \"" + a.dimension + "\" is labelled per " + std::string(ann::to_string(dimension->unit)) +
                               ", not per " + *unit);
    }
  }
  const std::size_t length = ann::code_point_count(article->text);
  if (auto p = int_field(o, "passage")) {
    if (*p < 0 || *p >= static_cast<std::int64_t>(article->passages.size())) {
      return fail("/passage", "passage " + std::to_string(*p) + " does not exist (article has " +
                                  std::to_string(article->passages.size()) + " passages)");
    }
    a.passage_index = static_cast<int>(*p);
  }
  if (a.unit == ann::UnitKind::passage && !a.passage_index) return fail("/passage", "missing field \"passage\"");
  if (a.unit == ann::UnitKind::span) {
    const auto start = int_field(o, "start");
    const auto end = int_field(o, "end");
    if (!start) return fail("/start", "missing or non-integer \"start\"");
    if (!end) return fail("/end", "missing or non-integer \"end\"");
    if (*start < 0 || *start >= *end) {
      return fail("/start", "span [" + std::to_string(*start) + ", " + std::to_string(*end) + ") is empty or reversed");
    }
    if (static_cast<std::size_t>(*end) > length) {
      return fail("/end", "span end " + std::to_string(*end) + " is past the end of the text (" + std::to_string(length) +
                              " code points)");
    }
    a.start = static_cast<std::size_t>(*start);
    a.end = static_cast<std::size_t>(*end);
    if (auto text = string_field(o, "text")) {
      ann::Utf8Index index(article->text);
      const auto stored = index.slice(article->text, *a.start, *a.end);
      if (ann::to_nfc(*text) != stored) {
        return fail("/text", "span text does not match the article at [" + std::to_string(*start) + ", " +
                                 std::to_string(*end) + "): label says \"" + *text + "\", article has \"" +
                                 std::string(stored) + "\"");
      }
    }
    if (!a.passage_index) {
      for (const auto& p : article->passages) {
        if (*a.start >= p.start && *a.start < p.end) a.passage_index = p.index;
      }
    }
  }
  if (auto value = o.if_contains("value"); value != nullptr && value->is_number()) a.value = value->to_number<double>();
  const auto category = string_field(o, "category");
  if (!category && !a.value) return fail("/category", "missing field \"category\"");
  if (category) {
    if (dimension->find_category(*category) == nullptr) {
      std::string known;
      for (const auto& c : dimension->categories) known += (known.empty() ? "" : ", ") + c.id;
      return fail("/category", "dimension \"" + a.dimension + "\" has no category \"" + *category + "\" (known: " +
                                   known + ")");
    }
    a.category = *category;
  }
  a.note = string_field(o, "note").value_or("");
  if (auto evidence = o.if_contains("evidence"); evidence != nullptr && !evidence->is_null()) {
    a.evidence = boost::json::serialize(*evidence);
  }
  if (auto c = o.if_contains("confidence"); c != nullptr && c->is_number()) a.confidence = c->to_number<double>();
  a.created_at = string_field(o, "created_at").value_or("");
  return std::nullopt;
}

int run_import_foreign(const Args& args, Context& context, ann::LabelFormat format);

int run_import_labels(const Args& args, Context& context) {
  const std::string format_name = args.get_or("--format", "jsonl");
  const auto format = ann::parse_label_format(format_name);
  if (!format || *format == ann::LabelFormat::agreement) {
    throw UsageError{"unknown --format '" + format_name +
                     "'; use jsonl, brat, webanno-tsv, xmi, label-studio, doccano, ptc or csv"};
  }
  if (*format != ann::LabelFormat::jsonl) return run_import_foreign(args, context, *format);
  if (args.has("--map")) throw UsageError{"--map applies to foreign formats; credence's JSONL names dimensions and categories itself"};
  const bool atomic = args.has("--atomic");
  const std::string default_annotator = args.get_or("--annotator", "");
  auto study = open_study(args.positional.at(0), context, "import-labels");
  if (!study) return k_exit_io;
  RubricCache rubrics(*study);
  ArticleCache articles{*study, {}};
  std::size_t stored = 0, rejected = 0;
  try {
    std::optional<ann::Study::Transaction> whole;
    if (atomic) whole.emplace(*study);
    for (std::size_t file_idx = 1; file_idx < args.positional.size(); ++file_idx) {
      const std::string path = args.positional[file_idx];
      std::ifstream in(path, std::ios::binary);
      if (!in) {
        context.err << path << ": error: cannot read file\n";
        ++rejected;
        continue;
      }
      std::optional<ann::Study::Transaction> tx;
      if (!atomic) tx.emplace(*study);
      const std::size_t stored_before = stored;
      std::string line;
      std::size_t line_no = 0;
      while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (ann::trim(line).empty()) continue;
        auto report = [&](const std::string& pointer, const std::string& message) {
          ann::Diagnostic d = ann::error_at(path, line_no, 0, message);
          d.where.json_pointer = pointer;
          context.err << d.render() << "\n";
          ++rejected;
        };
        if (ann::find_invalid_utf8(line)) {
          report("", "invalid UTF-8; save the file as UTF-8");
          continue;
        }
        boost::system::error_code ec;
        auto value = boost::json::parse(line, ec);
        if (ec || !value.is_object()) {
          report("", ec ? "invalid JSON: " + ec.message() : "expected a JSON object");
          continue;
        }
        ann::Annotation a;
        if (auto problem = build_annotation(value.as_object(), rubrics, articles, default_annotator, a)) {
          report(problem->first, problem->second);
          continue;
        }
        try {
          study->add_annotation(a);
          ++stored;
        } catch (const std::invalid_argument& e) {
          report("", e.what());
        }
      }
      if (in.bad()) {
        // getline stops at a failing read() as at the end: without this, the rest of the file was silently lost.
        context.err << path << ": error: read error; check the disk; nothing of this file was imported\n";
        ++rejected;
        stored = stored_before;
        tx.reset();  // rolls this file's labels back (with --atomic, the whole import is rolled back below)
        continue;
      }
      if (tx) tx->commit();
    }
    if (whole) {
      if (rejected > 0) {
        context.err << "credence import-labels: --atomic: nothing imported because " << rejected
                    << " label(s) were rejected\n";
        return k_exit_rejected;
      }
      whole->commit();
    }
  } catch (const ann::StoreError& e) {
    context.err << "credence import-labels: " << e.what() << "\n";
    return k_exit_io;
  }
  context.out << "imported " << stored << " label" << (stored == 1 ? "" : "s");
  if (rejected > 0) context.out << "; " << rejected << " rejected (see messages above)";
  context.out << "\n";
  return rejected > 0 ? k_exit_rejected : k_exit_ok;
}

int run_import_foreign(const Args& args, Context& context, ann::LabelFormat format) {
  const bool atomic = args.has("--atomic");
  std::optional<ann::LabelMap> map;
  if (auto map_path = args.get("--map")) {
    std::vector<ann::Diagnostic> problems;
    map = ann::load_label_map(*map_path, problems);
    if (!problems.empty()) {
      print_diagnostics(problems, context);
      context.err << "credence import-labels: fix the map file; nothing imported\n";
      return k_exit_usage;
    }
  }
  auto study = open_study(args.positional.at(0), context, "import-labels");
  if (!study) return k_exit_io;
  std::size_t errors = 0;
  const ann::DiagnosticSink report = [&](ann::Diagnostic&& d) {
    if (d.severity == ann::Severity::error) ++errors;
    context.err << d.render() << "\n";
  };
  ann::ImportOptions import_options;
  import_options.annotator = args.get_or("--annotator", "");
  import_options.map = map ? &*map : nullptr;
  ann::ReadOptions read_options;
  read_options.annotator = import_options.annotator;
  const std::vector<std::string> paths(args.positional.begin() + 1, args.positional.end());
  try {
    ann::LabelImporter importer(*study, import_options);
    // Without --atomic, documents are committed in batches: a crash loses at most the open batch,
    // and no document is ever half stored (its labels go in within one transaction).
    constexpr std::size_t k_batch = 500;
    std::optional<ann::Study::Transaction> tx;
    tx.emplace(*study);
    std::size_t in_batch = 0;
    ann::read_labels(format, paths, read_options, import_options.map,
                     [&](ann::ForeignDocument&& doc) {
                       importer.add(std::move(doc), report);
                       if (!atomic && ++in_batch == k_batch) {
                         tx->commit();
                         tx.emplace(*study);
                         in_batch = 0;
                       }
                     },
                     report);
    const auto& stats = importer.stats();
    if (!stats.unmapped.empty()) {
      context.err << "credence import-labels: unmapped label names (add them to a --map file, or @ignore them):\n";
      for (const auto& [name, count] : stats.unmapped) context.err << "  " << name << "\t" << count << "\n";
    }
    if (atomic && errors > 0) {
      tx.reset();  // rolls back
      context.err << "credence import-labels: --atomic: nothing imported because " << errors
                  << " record(s) were rejected\n";
      return k_exit_rejected;
    }
    tx->commit();
    context.out << "imported " << stats.labels_stored << " label" << (stats.labels_stored == 1 ? "" : "s") << " from "
                << stats.documents << " document" << (stats.documents == 1 ? "" : "s") << " ("
                << ann::to_string(format) << ", offsets in " << ann::to_string(ann::offset_unit_of(format)) << ")";
    if (stats.articles_created > 0) context.out << "; " << stats.articles_created << " new article" << (stats.articles_created == 1 ? "" : "s");
    if (stats.labels_already_stored > 0) context.out << "; " << stats.labels_already_stored << " already in the study";
    if (stats.labels_ignored > 0) context.out << "; " << stats.labels_ignored << " ignored by the map";
    if (errors > 0) context.out << "; " << errors << " rejected (see messages above)";
    context.out << "\n";
  } catch (const ann::StoreError& e) {
    context.err << "credence import-labels: " << e.what() << "\n";
    return k_exit_io;
  }
  return errors > 0 ? k_exit_rejected : k_exit_ok;
}

}  // namespace

Command make_import_labels_command() {
  Command c;
  c.name = "import-labels";
  c.summary = "import labels (credence JSONL, brat, TSV3, XMI, Label Studio, doccano, PTC, CSV) into a study";
  c.usage = "credence import-labels STUDY PATH... [--format F] [--annotator NAME] [--map FILE] [--atomic]";
  c.description =
      "One label per line: {\"article\",\"annotator\",\"rubric\",\"rubric_version\",\"dimension\",\"unit\",\n"
      "\"passage\"|\"start\",\"end\",\"text\",\"category\"|\"value\",\"note\",\"confidence\",\"evidence\"}.\n"
      "Offsets are code points into the stored text; a given \"text\" must match it. Bad labels are\n"
      "reported with file:line and JSON Pointer; with --atomic nothing is stored unless all are good.\n"
      "Other formats (docs/formats.md): brat, webanno-tsv, xmi, label-studio, doccano, ptc, csv. Their\n"
      "offsets are converted to code points and checked against the stored text; articles the study lacks\n"
      "are created from the text the format carries. Foreign label names are mapped to rubric dimensions and\n"
      "categories with --map (FOREIGN<TAB>DIMENSION.CATEGORY per line); unmapped names are reported.";
  c.options = {{"--format", "F", "jsonl (default), brat, webanno-tsv, xmi, label-studio, doccano, ptc, csv"},
               {"--annotator", "NAME", "annotator for labels whose file names none (overrides brat/TSV3/XMI layouts)"},
               {"--map", "FILE", "foreign label name -> rubric dimension and category"},
               {"--atomic", "", "all or nothing"}};
  c.min_positional = 2;
  c.max_positional = SIZE_MAX;
  c.run = run_import_labels;
  return c;
}

}  // namespace credence::cli
