// Tests for rubric loading: the parsed model, every validation message with its JSON Pointer,
// syntax errors with line:col, lexicon paths, the three rubrics the project ships, and the sample
// corpus labelled under them.
#include "credence/annotate/rubric.hpp"
#include "credence/annotate/text.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>
#include <set>
#include <algorithm>
#include <string>
#include <vector>

namespace credence::annotate {
namespace {

const std::string k_data = std::string(CREDENCE_TEST_DATA) + "/rubrics/";
const std::string k_shipped = std::string(CREDENCE_SOURCE_DIR) + "/rubrics/";

std::vector<std::string> rendered(const RubricLoadResult& result) {
  std::vector<std::string> out;
  for (const auto& d : result.diagnostics) out.push_back(d.render());
  return out;
}

// A valid one-dimension rubric with `dimension` spliced in, for single-problem tests.
std::string with_dimension(const std::string& dimension) {
  return R"({"id": "t", "version": "1.0.0", "title": "T", "dimensions": [)" + dimension + "]}";
}

TEST(Scale, NamesRoundTrip) {
  for (Scale scale : {Scale::nominal, Scale::ordinal, Scale::interval, Scale::binary}) {
    EXPECT_EQ(parse_scale(to_string(scale)), scale);
  }
  EXPECT_EQ(to_string(Scale::ordinal), "ordinal");
  EXPECT_FALSE(parse_scale("Nominal").has_value());
  EXPECT_FALSE(parse_scale("").has_value());
}

TEST(RubricVersion, AcceptsOnlyThreeNumericParts) {
  EXPECT_TRUE(is_valid_rubric_version("1.0.0"));
  EXPECT_TRUE(is_valid_rubric_version("0.1.0"));
  EXPECT_TRUE(is_valid_rubric_version("2.10.33"));
  EXPECT_FALSE(is_valid_rubric_version(""));
  EXPECT_FALSE(is_valid_rubric_version("1.0"));
  EXPECT_FALSE(is_valid_rubric_version("1.0.0.0"));
  EXPECT_FALSE(is_valid_rubric_version("1.0.0-beta"));
  EXPECT_FALSE(is_valid_rubric_version("v1.0.0"));
  EXPECT_FALSE(is_valid_rubric_version("01.0.0"));
  EXPECT_FALSE(is_valid_rubric_version("1..0"));
  EXPECT_FALSE(is_valid_rubric_version("1.0."));
}

TEST(LoadRubric, ParsesEveryField) {
  const auto result = load_rubric_file(k_data + "minimal.json");
  ASSERT_TRUE(result.diagnostics.empty()) << rendered(result).front();
  ASSERT_TRUE(result.rubric.has_value());
  const Rubric& rubric = *result.rubric;
  EXPECT_EQ(rubric.id, "stance");
  EXPECT_EQ(rubric.version, "1.2.0");
  EXPECT_EQ(rubric.title, "Stance toward a proposal");
  EXPECT_EQ(rubric.description, "A small rubric used by the loader tests.");
  EXPECT_EQ(rubric.sources, std::vector<std::string>{"Invented for the tests."});
  EXPECT_EQ(rubric.path, k_data + "minimal.json");
  ASSERT_EQ(rubric.dimensions.size(), 2u);

  const RubricDimension* stance = rubric.find_dimension("stance");
  ASSERT_NE(stance, nullptr);
  EXPECT_EQ(stance->unit, UnitKind::article);
  EXPECT_EQ(stance->scale, Scale::ordinal);
  EXPECT_FALSE(stance->multiple);
  EXPECT_EQ(stance->roles, std::vector<PassageRole>{PassageRole::body});  // the default
  EXPECT_EQ(stance->decision_rules, std::vector<std::string>{"Judge the article as a whole."});
  ASSERT_EQ(stance->categories.size(), 3u);
  const RubricCategory& against = stance->categories[0];
  EXPECT_EQ(against.id, "against");
  EXPECT_EQ(against.name, "Against");
  EXPECT_EQ(against.definition, "The article argues against the proposal.");
  EXPECT_EQ(against.examples, std::vector<std::string>{"The plan will ruin us."});
  EXPECT_EQ(against.counter_examples, std::vector<std::string>{"The plan was debated."});
  EXPECT_EQ(against.key, "1");
  EXPECT_EQ(against.value, -1.0);
  EXPECT_EQ(stance->category_index("for"), 2u);
  EXPECT_FALSE(stance->category_index("maybe").has_value());
  EXPECT_EQ(stance->find_category("neutral")->value, 0.0);
  EXPECT_EQ(stance->find_category("maybe"), nullptr);

  const RubricDimension* quote = rubric.find_dimension("quote");
  ASSERT_NE(quote, nullptr);
  EXPECT_EQ(quote->unit, UnitKind::span);
  EXPECT_EQ(quote->scale, Scale::binary);
  EXPECT_TRUE(quote->multiple);
  EXPECT_EQ(quote->roles, (std::vector<PassageRole>{PassageRole::body, PassageRole::caption}));
  EXPECT_EQ(quote->lexicons, std::vector<std::string>{"lexicons/quote_verbs.tsv"});
  EXPECT_FALSE(quote->categories[0].key.has_value());
  EXPECT_FALSE(quote->categories[0].value.has_value());
  EXPECT_EQ(rubric.find_dimension("nope"), nullptr);
}

TEST(LoadRubric, KeepsTheFileVerbatim) {
  const std::string text = with_dimension(
      R"({"id": "d", "name": "D", "unit": "span", "scale": "nominal", "categories": [
            {"id": "a", "name": "A", "definition": "x"}, {"id": "b", "name": "B", "definition": "y"}]})");
  const auto result = parse_rubric(text, "mem.json");
  ASSERT_TRUE(result.rubric.has_value());
  EXPECT_EQ(result.rubric->json, text);
}

TEST(LoadRubric, ReportsEveryProblemWithItsPointer) {
  const std::string path = k_data + "bad_many.json";
  const auto result = load_rubric_file(path);
  EXPECT_FALSE(result.rubric.has_value());
  const std::vector<std::string> expected = {
      path + "#/colour: warning: unknown field \"colour\" (ignored)",
      path + "#/id: error: id \"Bad Rubric\" must start with a lower-case letter and use only a-z, 0-9 and _",
      path + "#/version: error: version \"1.0\" is not of the form MAJOR.MINOR.PATCH",
      path + "#/title: error: \"title\" must not be empty",
      path + "#/dimensions/0/unit: error: unknown unit \"sentence\" (expected article, passage or span)",
      path + "#/dimensions/0/categories/1/id: error: duplicate category id \"economic\" (first at "
             "/dimensions/0/categories/0)",
      path + "#/dimensions/0/categories/2/definition: error: missing required field \"definition\"",
      path + "#/dimensions/0/categories/3/definition: error: \"definition\" must not be empty",
      path + "#/dimensions/0/categories/3/examples/1: error: expected a string",
      path + "#/dimensions/1/scale: error: unknown scale \"ratio\" (expected nominal, ordinal, interval or binary)",
      path + "#/dimensions/1/id: error: duplicate dimension id \"frame\" (first at /dimensions/0)",
      path + "#/dimensions/2/lexicons/0: error: lexicon path \"/etc/words.tsv\" must be relative to the rubric file",
      path + "#/dimensions/2/roles/1: error: unknown passage role \"sidebar\" (expected title, byline, caption, "
             "heading, body, boilerplate, comment)",
      path + "#/dimensions/2/categories/1/key: error: duplicate key \"y\" (first at /dimensions/2/categories/0/key)",
      path + "#/dimensions/2/categories/2/key: error: \"key\" must be a single character",
      path + "#/dimensions/2/categories: error: binary scale needs exactly 2 categories, found 3",
      path + "#/dimensions/3/multiple: error: \"multiple\" must be true or false",
      path + "#/dimensions/3/categories/1/value: error: ordinal values must increase in array order: 1 follows 2",
      path + "#/dimensions/3/categories/2/value: error: ordinal categories must all have a \"value\" or none",
  };
  EXPECT_EQ(rendered(result), expected);
  // Pointers are data, not only text inside the rendering.
  ASSERT_GE(result.diagnostics.size(), 5u);
  EXPECT_EQ(result.diagnostics[4].where.json_pointer, "/dimensions/0/unit");
  EXPECT_EQ(result.diagnostics[4].where.path, path);
  EXPECT_EQ(result.diagnostics[0].severity, Severity::warning);
  EXPECT_EQ(result.diagnostics[1].severity, Severity::error);
}

TEST(LoadRubric, UnknownFieldsAreOnlyWarnings) {
  const auto result = parse_rubric(with_dimension(
      R"({"id": "d", "name": "D", "unit": "span", "scale": "nominal", "colour": "red", "categories": [
            {"id": "a", "name": "A", "definition": "x", "hint": "h"}, {"id": "b", "name": "B", "definition": "y"}]})"));
  ASSERT_TRUE(result.rubric.has_value());
  EXPECT_EQ(rendered(result), (std::vector<std::string>{
                                  "<input>#/dimensions/0/colour: warning: unknown field \"colour\" (ignored)",
                                  "<input>#/dimensions/0/categories/0/hint: warning: unknown field \"hint\" (ignored)",
                              }));
}

TEST(LoadRubric, EscapesPointerTokens) {
  const auto result = parse_rubric(R"({"id": "t", "version": "1.0.0", "title": "T", "a/b~c": 1,
                                       "dimensions": [{"id": "d", "name": "D", "unit": "article", "scale": "binary",
                                       "categories": [{"id": "y", "name": "Y", "definition": "y"},
                                                      {"id": "n", "name": "N", "definition": "n"}]}]})");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.json_pointer, "/a~1b~0c");
}

TEST(LoadRubric, MissingTopLevelFields) {
  const auto result = parse_rubric("{}", "r.json");
  EXPECT_FALSE(result.rubric.has_value());
  EXPECT_EQ(rendered(result), (std::vector<std::string>{
                                  "r.json#/id: error: missing required field \"id\"",
                                  "r.json#/version: error: missing required field \"version\"",
                                  "r.json#/title: error: missing required field \"title\"",
                                  "r.json#/dimensions: error: missing required field \"dimensions\"",
                              }));
}

TEST(LoadRubric, WrongTypes) {
  const auto result = parse_rubric(
      R"({"id": 7, "version": "1.0.0", "title": "T", "sources": "one", "dimensions": [
           "frame",
           {"id": "d", "name": "D", "unit": "span", "scale": "nominal", "roles": "body", "lexicons": [1],
            "decision_rules": [true], "categories": [{"id": "a", "name": "A", "definition": "x", "value": "high"}, 3]}]})",
      "r.json");
  EXPECT_EQ(rendered(result), (std::vector<std::string>{
                                  "r.json#/id: error: \"id\" must be a string",
                                  "r.json#/sources: error: \"sources\" must be an array of strings",
                                  "r.json#/dimensions/0: error: dimension must be a JSON object",
                                  "r.json#/dimensions/1/decision_rules/0: error: expected a string",
                                  "r.json#/dimensions/1/lexicons/0: error: expected a string",
                                  "r.json#/dimensions/1/roles: error: \"roles\" must be an array of strings",
                                  "r.json#/dimensions/1/categories/0/value: error: \"value\" must be a number",
                                  "r.json#/dimensions/1/categories/1: error: category must be a JSON object",
                              }));
}

TEST(LoadRubric, RootMustBeAnObject) {
  const auto result = parse_rubric("[1, 2]", "r.json");
  EXPECT_EQ(rendered(result), std::vector<std::string>{"r.json: error: rubric must be a JSON object"});
}

TEST(LoadRubric, EmptyDimensionsAndTooFewCategories) {
  EXPECT_EQ(rendered(parse_rubric(R"({"id": "t", "version": "1.0.0", "title": "T", "dimensions": []})")),
            std::vector<std::string>{"<input>#/dimensions: error: \"dimensions\" must not be empty"});
  EXPECT_EQ(rendered(parse_rubric(with_dimension(
                R"({"id": "d", "name": "D", "unit": "span", "scale": "nominal",
                    "categories": [{"id": "a", "name": "A", "definition": "x"}]})"))),
            std::vector<std::string>{
                "<input>#/dimensions/0/categories: error: nominal scale needs at least 2 categories, found 1"});
  EXPECT_EQ(rendered(parse_rubric(with_dimension(
                R"({"id": "d", "name": "D", "unit": "span", "scale": "binary", "categories": []})"))),
            std::vector<std::string>{
                "<input>#/dimensions/0/categories: error: binary scale needs exactly 2 categories, found 0"});
  EXPECT_EQ(rendered(parse_rubric(with_dimension(R"({"id": "d", "name": "D", "unit": "span", "scale": "ordinal"})"))),
            std::vector<std::string>{"<input>#/dimensions/0/categories: error: missing required field \"categories\""});
}

TEST(LoadRubric, IntervalScale) {
  // Without categories an interval dimension is answered with a number.
  const auto bare = parse_rubric(with_dimension(R"({"id": "d", "name": "D", "unit": "article", "scale": "interval"})"));
  ASSERT_TRUE(bare.rubric.has_value());
  EXPECT_TRUE(bare.diagnostics.empty());
  EXPECT_TRUE(bare.rubric->dimensions[0].categories.empty());
  // With categories, each is an anchor point and needs its number.
  const auto anchors = parse_rubric(with_dimension(
      R"({"id": "d", "name": "D", "unit": "article", "scale": "interval", "categories": [
           {"id": "low", "name": "Low", "definition": "x", "value": 0.5}, {"id": "high", "name": "High", "definition": "y"}]})"));
  EXPECT_EQ(rendered(anchors), std::vector<std::string>{
                                   "<input>#/dimensions/0/categories/1/value: error: interval category needs a "
                                   "numeric \"value\""});
}

TEST(LoadRubric, OrdinalWithoutValuesUsesArrayOrder) {
  const auto result = parse_rubric(with_dimension(
      R"({"id": "d", "name": "D", "unit": "article", "scale": "ordinal", "categories": [
           {"id": "c", "name": "C", "definition": "x"}, {"id": "a", "name": "A", "definition": "y"},
           {"id": "b", "name": "B", "definition": "z"}]})"));
  ASSERT_TRUE(result.rubric.has_value());
  EXPECT_EQ(result.rubric->dimensions[0].category_index("b"), 2u);
  // Equal values are not an order either.
  const auto equal = parse_rubric(with_dimension(
      R"({"id": "d", "name": "D", "unit": "article", "scale": "ordinal", "categories": [
           {"id": "a", "name": "A", "definition": "x", "value": 1}, {"id": "b", "name": "B", "definition": "y", "value": 1}]})"));
  EXPECT_EQ(rendered(equal), std::vector<std::string>{
                                 "<input>#/dimensions/0/categories/1/value: error: ordinal values must increase in "
                                 "array order: 1 follows 1"});
}

TEST(LoadRubric, EmptyRoles) {
  const auto result = parse_rubric(with_dimension(
      R"({"id": "d", "name": "D", "unit": "passage", "scale": "binary", "roles": [], "categories": [
           {"id": "y", "name": "Y", "definition": "x"}, {"id": "n", "name": "N", "definition": "y"}]})"));
  EXPECT_EQ(rendered(result),
            std::vector<std::string>{"<input>#/dimensions/0/roles: error: \"roles\" must not be empty"});
}

TEST(LoadRubric, DimensionsNotAnArrayAndEmptyLexiconPath) {
  EXPECT_EQ(rendered(parse_rubric(R"({"id": "t", "version": "1.0.0", "title": "T", "dimensions": {}})")),
            std::vector<std::string>{"<input>#/dimensions: error: \"dimensions\" must be an array"});
  EXPECT_EQ(rendered(parse_rubric(with_dimension(
                R"({"id": "d", "name": "D", "unit": "article", "scale": "interval", "lexicons": [""]})"))),
            std::vector<std::string>{"<input>#/dimensions/0/lexicons/0: error: lexicon path must not be empty"});
}

TEST(LoadRubric, SyntaxErrorHasLineAndColumn) {
  const std::string path = k_data + "syntax_error.json";
  const auto result = load_rubric_file(path);
  EXPECT_FALSE(result.rubric.has_value());
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.line, 5u);
  EXPECT_EQ(result.diagnostics[0].where.column, 3u);
  EXPECT_EQ(result.diagnostics[0].render(), path + ":5:3: error: invalid JSON: unexpected character '\"'");
}

TEST(LoadRubric, SyntaxErrorColumnsCountCodePoints) {
  // "é" is two bytes but one column; the stray "x" is the 14th character of line 2.
  const auto result = parse_rubric("{\n\"title\": \"é\" x}", "r.json");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.line, 2u);
  EXPECT_EQ(result.diagnostics[0].where.column, 14u);
  EXPECT_EQ(result.diagnostics[0].render(), "r.json:2:14: error: invalid JSON: unexpected character 'x'");
}

TEST(LoadRubric, TruncatedInputPointsAtTheEnd) {
  const auto result = parse_rubric("{\"id\": \"t\",\n  \"version\"", "r.json");
  ASSERT_EQ(result.diagnostics.size(), 1u);
  EXPECT_EQ(result.diagnostics[0].where.line, 2u);
  EXPECT_EQ(result.diagnostics[0].where.column, 12u);
  EXPECT_EQ(result.diagnostics[0].message, "invalid JSON: unexpected end of input");
}

TEST(LoadRubric, EmptyInputAndInvalidUtf8) {
  const auto empty = parse_rubric("", "r.json");
  ASSERT_EQ(empty.diagnostics.size(), 1u);
  EXPECT_EQ(empty.diagnostics[0].where.line, 1u);
  EXPECT_EQ(empty.diagnostics[0].where.column, 1u);
  EXPECT_EQ(empty.diagnostics[0].message, "invalid JSON: unexpected end of input");
  EXPECT_EQ(rendered(parse_rubric("{} []", "r.json")),
            std::vector<std::string>{"r.json:1:4: error: invalid JSON: unexpected text after the JSON value"});
  const auto bad = parse_rubric("{\"id\": \"\xC3\x28\"}", "r.json");
  EXPECT_EQ(rendered(bad), std::vector<std::string>{"r.json: byte 8: error: invalid UTF-8"});
}

TEST(LoadRubric, AcceptsLeadingByteOrderMark) {
  const auto result = parse_rubric("\xEF\xBB\xBF" + with_dimension(
      R"({"id": "d", "name": "D", "unit": "article", "scale": "interval"})"));
  EXPECT_TRUE(result.rubric.has_value());
}

TEST(LoadRubric, LexiconFilesResolveAgainstTheRubricFile) {
  const std::string path = k_data + "missing_lexicon.json";
  const auto result = load_rubric_file(path);
  EXPECT_FALSE(result.rubric.has_value());
  const std::string missing = (std::filesystem::path(k_data) / "lexicons/no_such_file.tsv").lexically_normal().string();
  EXPECT_EQ(rendered(result), std::vector<std::string>{path + "#/dimensions/0/lexicons/1: error: lexicon file not found: " +
                                                       missing});
  // In memory there is no directory to resolve against, so existence is not checked.
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_TRUE(parse_rubric(text, path).rubric.has_value());
}

TEST(LoadRubric, UnreadableFile) {
  const std::string path = k_data + "does_not_exist.json";
  const auto result = load_rubric_file(path);
  EXPECT_FALSE(result.rubric.has_value());
  EXPECT_EQ(rendered(result),
            std::vector<std::string>{path + ": error: cannot open rubric file: No such file or directory"});
  const auto dir = load_rubric_file(k_data + "lexicons");
  EXPECT_EQ(rendered(dir),
            std::vector<std::string>{k_data + "lexicons: error: cannot read rubric file: is a directory"});
}

// A file that opens but cannot be read (EIO from /proc/self/mem at offset 0): it used to be parsed as the
// empty text read before the error.
TEST(LoadRubric, ReadError) {
  const auto result = load_rubric_file("/proc/self/mem");
  EXPECT_FALSE(result.rubric.has_value());
  EXPECT_EQ(rendered(result),
            std::vector<std::string>{"/proc/self/mem: error: cannot read rubric file: read error; check the disk"});
}

TEST(LoadRubric, CategoriesMustBeAnArray) {
  const auto result = parse_rubric(
      R"({"id": "r", "version": "1.0.0", "title": "T", "dimensions": [
           {"id": "d", "name": "D", "unit": "span", "scale": "nominal", "categories": {"a": "A"}}]})",
      "r.json");
  EXPECT_FALSE(result.rubric.has_value());
  EXPECT_EQ(rendered(result),
            std::vector<std::string>{"r.json#/dimensions/0/categories: error: \"categories\" must be an array"});
}

// The shipped rubrics must load without a single diagnostic and meet the lead's content rules.
class ShippedRubric : public ::testing::TestWithParam<const char*> {};

TEST_P(ShippedRubric, LoadsCleanly) {
  const auto result = load_rubric_file(k_shipped + GetParam() + ".json");
  ASSERT_TRUE(result.rubric.has_value()) << (result.diagnostics.empty() ? "" : result.diagnostics[0].render());
  EXPECT_TRUE(result.diagnostics.empty()) << result.diagnostics[0].render();
  const Rubric& rubric = *result.rubric;
  EXPECT_EQ(rubric.id, GetParam());
  EXPECT_EQ(rubric.version, "1.0.0");
  EXPECT_FALSE(rubric.sources.empty());
  for (const auto& dim : rubric.dimensions) {
    EXPECT_FALSE(dim.decision_rules.empty()) << dim.id;
    for (const auto& cat : dim.categories) {
      EXPECT_GE(cat.examples.size(), 2u) << dim.id << "/" << cat.id;
      EXPECT_GE(cat.counter_examples.size(), 1u) << dim.id << "/" << cat.id;
      EXPECT_TRUE(cat.key.has_value()) << dim.id << "/" << cat.id;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Rubrics, ShippedRubric,
                         ::testing::Values("framing", "loaded_language", "unsupported_claims"));

std::vector<std::string> category_ids(const RubricDimension& dim) {
  std::vector<std::string> ids;
  for (const auto& cat : dim.categories) ids.push_back(cat.id);
  return ids;
}

TEST(ShippedRubrics, FramingHasTheMediaFramesCorpusDimensionsAndTone) {
  const auto result = load_rubric_file(k_shipped + "framing.json");
  ASSERT_TRUE(result.rubric.has_value());
  const RubricDimension* frame = result.rubric->find_dimension("frame");
  ASSERT_NE(frame, nullptr);
  EXPECT_EQ(frame->unit, UnitKind::passage);
  EXPECT_EQ(frame->scale, Scale::nominal);
  EXPECT_EQ(category_ids(*frame),
            (std::vector<std::string>{"economic", "capacity_and_resources", "morality", "fairness_and_equality",
                                      "legality_constitutionality_jurisprudence",
                                      "policy_prescription_and_evaluation", "crime_and_punishment",
                                      "security_and_defense", "health_and_safety", "quality_of_life",
                                      "cultural_identity", "public_opinion", "political",
                                      "external_regulation_and_reputation", "other"}));
  const RubricDimension* tone = result.rubric->find_dimension("tone");
  ASSERT_NE(tone, nullptr);
  EXPECT_EQ(tone->unit, UnitKind::article);
  EXPECT_EQ(tone->scale, Scale::ordinal);
  EXPECT_EQ(category_ids(*tone), (std::vector<std::string>{"anti", "neutral", "pro"}));
}

TEST(ShippedRubrics, SpanRubrics) {
  const auto loaded = load_rubric_file(k_shipped + "loaded_language.json");
  ASSERT_TRUE(loaded.rubric.has_value());
  const RubricDimension* ll = loaded.rubric->find_dimension("loaded_language");
  ASSERT_NE(ll, nullptr);
  EXPECT_EQ(ll->unit, UnitKind::span);
  EXPECT_EQ(ll->scale, Scale::nominal);
  for (const char* id : {"name_calling", "emotional_appeal", "exaggeration", "pejorative_label", "dehumanising",
                         "scare_quotes"}) {
    EXPECT_NE(ll->find_category(id), nullptr) << id;
  }
  EXPECT_GE(ll->lexicons.size(), 4u);

  const auto claims = load_rubric_file(k_shipped + "unsupported_claims.json");
  ASSERT_TRUE(claims.rubric.has_value());
  const RubricDimension* support = claims.rubric->find_dimension("claim_support");
  ASSERT_NE(support, nullptr);
  EXPECT_EQ(support->unit, UnitKind::span);
  EXPECT_EQ(category_ids(*support), (std::vector<std::string>{"named_source", "anonymous_source", "hedged",
                                                              "unsupported", "speculation_as_fact"}));
  EXPECT_EQ(support->lexicons.size(), 2u);
}


// Every line of a shipped lexicon is `entry<TAB>subtype<TAB>weight<TAB>source` (or a comment), the
// entry is lower-case and unique, the weight lies in [0, 1], and the subtype is a category of the
// dimension that names the file (report verbs use the cue classes their header documents).
TEST(ShippedRubrics, LexiconsAreWellFormed) {
  for (const char* rubric_id : {"framing", "loaded_language", "unsupported_claims"}) {
    const auto result = load_rubric_file(k_shipped + rubric_id + ".json");
    ASSERT_TRUE(result.rubric.has_value()) << rubric_id;
    for (const auto& dim : result.rubric->dimensions) {
      for (const auto& lexicon : dim.lexicons) {
        std::ifstream in(k_shipped + lexicon);
        ASSERT_TRUE(in.good()) << lexicon;
        std::set<std::string> entries;
        std::string line;
        int line_no = 0;
        int rows = 0;
        while (std::getline(in, line)) {
          ++line_no;
          const std::string where = lexicon + ":" + std::to_string(line_no);
          if (line.empty() || line[0] == '#') continue;
          std::vector<std::string> fields;
          std::size_t begin = 0;
          for (std::size_t tab = line.find('\t'); tab != std::string::npos; tab = line.find('\t', begin)) {
            fields.push_back(line.substr(begin, tab - begin));
            begin = tab + 1;
          }
          fields.push_back(line.substr(begin));
          ASSERT_EQ(fields.size(), 4u) << where;
          ++rows;
          const std::string& entry = fields[0];
          EXPECT_FALSE(entry.empty()) << where;
          EXPECT_TRUE(std::none_of(entry.begin(), entry.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) << where;
          EXPECT_TRUE(entries.insert(entry).second) << where << ": duplicate entry " << entry;
          const bool cue_class = fields[1] == "attribution" || fields[1] == "distancing" || fields[1] == "assertive";
          EXPECT_TRUE(dim.find_category(fields[1]) != nullptr || (lexicon == "lexicons/report_verbs.tsv" && cue_class))
              << where << ": subtype " << fields[1];
          const double weight = std::stod(fields[2]);
          EXPECT_GE(weight, 0.0) << where;
          EXPECT_LE(weight, 1.0) << where;
          EXPECT_FALSE(fields[3].empty()) << where;
        }
        EXPECT_GE(rows, 10) << lexicon;
      }
    }
  }
}

// The sample corpus (datasets/sample) is labelled under the shipped rubrics; its offsets are
// computed by a Python generator, so check them here against credence's own normalisation and
// code-point indexing, and check every label against the rubric the C++ loader reads.
std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

TEST(SampleCorpus, LabelsMatchTheArticlesAndTheRubrics) {
  const std::string sample = std::string(CREDENCE_SOURCE_DIR) + "/datasets/sample/";
  std::map<std::string, Rubric> rubrics;
  for (const char* rubric_id : {"framing", "loaded_language", "unsupported_claims"}) {
    auto result = load_rubric_file(k_shipped + rubric_id + ".json");
    ASSERT_TRUE(result.rubric.has_value());
    rubrics.emplace(rubric_id, std::move(*result.rubric));
  }
  struct ArticleText {
    std::string text;
    std::size_t paragraphs = 0;
  };
  std::map<std::string, ArticleText> articles;
  std::istringstream manifest(read_all(sample + "MANIFEST.jsonl"));
  std::string line;
  while (std::getline(manifest, line)) {
    const auto record = boost::json::parse(line).as_object();
    std::string file(record.at("file").as_string());
    const std::string raw = read_all(sample + "articles/" + file);
    ASSERT_FALSE(raw.empty()) << file;
    // The importer stores the text normalised; the corpus is written so that this changes nothing.
    EXPECT_EQ(normalize_text(raw), raw) << file;
    ArticleText article{raw, 1};
    for (std::size_t pos = raw.find("\n\n"); pos != std::string::npos; pos = raw.find("\n\n", pos + 2)) {
      ++article.paragraphs;
    }
    articles.emplace(file.substr(0, file.size() - 4), std::move(article));
  }
  ASSERT_EQ(articles.size(), 12u);

  std::map<std::string, std::set<std::string>> frames_seen;  // article -> "annotator/passage"
  std::map<std::string, std::set<std::string>> tone_seen;
  std::map<std::string, std::set<std::string>> span_rubrics_seen;
  std::istringstream labels(read_all(sample + "labels.jsonl"));
  std::size_t line_no = 0;
  while (std::getline(labels, line)) {
    ++line_no;
    const std::string where = "labels.jsonl:" + std::to_string(line_no);
    const auto label = boost::json::parse(line).as_object();
    const std::string article_id(label.at("article").as_string());
    const std::string annotator(label.at("annotator").as_string());
    ASSERT_TRUE(articles.count(article_id)) << where;
    const ArticleText& article = articles.at(article_id);
    const Rubric& rubric = rubrics.at(std::string(label.at("rubric").as_string()));
    EXPECT_EQ(label.at("rubric_version").as_string(), rubric.version) << where;
    const RubricDimension* dim = rubric.find_dimension(label.at("dimension").as_string());
    ASSERT_NE(dim, nullptr) << where;
    EXPECT_EQ(label.at("unit").as_string(), to_string(dim->unit)) << where;
    EXPECT_NE(dim->find_category(label.at("category").as_string()), nullptr) << where;
    const bool machine = annotator.rfind("machine:", 0) == 0;
    EXPECT_EQ(machine, label.contains("confidence")) << where;
    EXPECT_EQ(machine, label.contains("evidence")) << where;
    if (dim->unit == UnitKind::span) {
      const auto start = static_cast<std::size_t>(label.at("start").to_number<std::int64_t>());
      const auto end = static_cast<std::size_t>(label.at("end").to_number<std::int64_t>());
      const Utf8Index index(article.text);
      ASSERT_LT(start, end) << where;
      ASSERT_LE(end, index.size_code_points()) << where;
      EXPECT_EQ(index.slice(article.text, start, end), label.at("text").as_string()) << where;
      EXPECT_EQ(index.slice(article.text, start, end).find("\n\n"), std::string_view::npos) << where;
      span_rubrics_seen[article_id].insert(rubric.id);
    } else if (dim->unit == UnitKind::passage) {
      const auto passage = static_cast<std::size_t>(label.at("passage").to_number<std::int64_t>());
      EXPECT_LT(passage, article.paragraphs) << where;
      if (!machine) frames_seen[article_id].insert(annotator + "/" + std::to_string(passage));
    } else {
      EXPECT_FALSE(label.contains("passage") || label.contains("start")) << where;
      tone_seen[article_id].insert(annotator);
    }
  }
  EXPECT_GT(line_no, 600u);
  for (const auto& [article_id, article] : articles) {
    EXPECT_EQ(frames_seen[article_id].size(), 3 * article.paragraphs) << article_id;
    EXPECT_EQ(tone_seen[article_id], (std::set<std::string>{"ann_a", "ann_b", "ann_c"})) << article_id;
    EXPECT_EQ(span_rubrics_seen[article_id], (std::set<std::string>{"loaded_language", "unsupported_claims"}))
        << article_id;
  }
}

}  // namespace
}  // namespace credence::annotate
