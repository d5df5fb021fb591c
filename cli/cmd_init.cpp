// `credence init STUDY [--rubric FILE]...`: creates a study folder with its database and rubrics.
#include <algorithm>
#include <filesystem>

#include "commands.hpp"
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/store.hpp"
#include "study_util.hpp"

namespace credence::cli {

namespace fs = std::filesystem;

namespace {

// Loads rubric files; prints every problem. Returns false when any rubric has errors.
bool load_rubrics(const std::vector<std::string>& files, std::vector<annotate::Rubric>& rubrics, Context& context) {
  bool ok = true;
  for (const auto& file : files) {
    auto result = annotate::load_rubric_file(file);
    print_diagnostics(result.diagnostics, context);
    if (!result.rubric) {
      ok = false;
      continue;
    }
    rubrics.push_back(std::move(*result.rubric));
  }
  return ok;
}

std::vector<std::string> default_rubric_files() {
  std::vector<std::string> files;
  std::error_code ec;
  const auto dir = shipped_rubrics_dir();
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".json") files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

int run_init(const Args& args, Context& context) {
  const std::string folder = args.positional.at(0);
  std::vector<std::string> files = args.all("--rubric");
  const bool no_rubrics = args.has("--no-rubrics");
  if (files.empty() && !no_rubrics) files = default_rubric_files();
  std::vector<annotate::Rubric> rubrics;
  // Validate everything before creating anything, so a bad rubric leaves no half-made study.
  if (!load_rubrics(files, rubrics, context)) {
    context.err << "credence init: no study created; fix the rubric problems above\n";
    return k_exit_usage;
  }
  // Two files with one id and version must be the same rubric; checked before the study exists, so
  // that the refusal leaves nothing behind.
  for (std::size_t i = 0; i < rubrics.size(); ++i) {
    for (std::size_t j = i + 1; j < rubrics.size(); ++j) {
      if (rubrics[i].id != rubrics[j].id || rubrics[i].version != rubrics[j].version) continue;
      if (rubrics[i].json == rubrics[j].json) continue;
      context.err << "credence init: rubric '" << rubrics[i].id << "' version " << rubrics[i].version
                  << " is given twice with different content (" << rubrics[i].path << " and " << rubrics[j].path
                  << "); give the changed rubric a new version; no study created\n";
      return k_exit_usage;
    }
  }
  try {
    auto study = annotate::Study::create(folder);
    annotate::Study::Transaction tx(study);
    for (const auto& rubric : rubrics) study.add_rubric({rubric.id, rubric.version, rubric.title, rubric.json, {}});
    tx.commit();
    context.out << "created study " << folder << " (schema version " << study.schema_version() << ")\n";
    for (const auto& rubric : rubrics) {
      context.out << "  rubric " << rubric.id << " " << rubric.version << ": " << rubric.title << "\n";
    }
    context.out << "next: credence import " << folder << " PATH... [--manifest FILE.jsonl]\n";
  } catch (const annotate::StoreError& e) {
    context.err << "credence init: " << e.what() << "\n";
    return k_exit_io;
  } catch (const std::invalid_argument& e) {
    context.err << "credence init: " << e.what() << "\n";
    return k_exit_usage;
  }
  return k_exit_ok;
}

}  // namespace

Command make_init_command() {
  Command c;
  c.name = "init";
  c.summary = "create a study folder (SQLite store) with its rubrics";
  c.usage = "credence init STUDY [--rubric FILE]... [--no-rubrics]";
  c.description =
      "Creates STUDY/credence.db. Without --rubric, the three shipped rubrics (framing, loaded language,\n"
      "unsupported claims) are added. Every rubric is validated first; a bad one creates nothing.";
  c.options = {{"--rubric", "FILE", "rubric JSON file to add (repeatable)", true},
               {"--no-rubrics", "", "create the study without any rubric"}};
  c.min_positional = 1;
  c.max_positional = 1;
  c.run = run_init;
  return c;
}

}  // namespace credence::cli
