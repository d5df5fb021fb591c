// Tests of the shared format pieces: offset conversion (CRLF, BOM, NFC, UTF-16, bytes), the --map file,
// label names and format names.
#include "credence/annotate/format_labels.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "credence/annotate/format_import.hpp"
#include "credence/annotate/store.hpp"
#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using ann::OffsetMap;
using ann::OffsetUnit;

TEST(OffsetMap, AsciiIsIdentity) {
  OffsetMap map("plain text", OffsetUnit::utf16);
  EXPECT_EQ(map.normalized(), "plain text");
  EXPECT_EQ(map.foreign_size(), 10u);
  EXPECT_EQ(map.start_of(6), 6u);
  EXPECT_EQ(map.end_of(10), 10u);
  EXPECT_FALSE(map.start_of(11));
}

TEST(OffsetMap, CrlfCountsTheCarriageReturn) {
  OffsetMap map("ab\r\ncd", OffsetUnit::code_point);
  EXPECT_EQ(map.normalized(), "ab\ncd");
  EXPECT_EQ(map.start_of(4), 3u);  // 'c'
  EXPECT_EQ(map.end_of(6), 5u);
  EXPECT_EQ(map.start_of(2), 2u);  // the CR: the line break starts here
  EXPECT_EQ(map.start_of(3), 2u);  // between CR and LF: a start stays before the break
  EXPECT_EQ(map.end_of(3), 3u);    // and an end includes it
  EXPECT_EQ(map.raw_slice(0, 4), "ab\r\n");
}

TEST(OffsetMap, LoneCrAndBom) {
  OffsetMap map("\xEF\xBB\xBFx\ry", OffsetUnit::code_point);
  EXPECT_EQ(map.normalized(), "x\ny");
  EXPECT_EQ(map.start_of(0), 0u);
  EXPECT_EQ(map.start_of(1), 0u);  // after the BOM
  EXPECT_EQ(map.start_of(3), 2u);
}

TEST(OffsetMap, Utf16CountsAstralCharactersTwice) {
  const std::string text = "a\U0001F600b";  // a 😀 b
  OffsetMap map(text, OffsetUnit::utf16);
  EXPECT_EQ(map.foreign_size(), 4u);
  EXPECT_EQ(map.start_of(1), 1u);
  EXPECT_FALSE(map.start_of(2));  // inside the surrogate pair
  EXPECT_EQ(map.start_of(3), 2u);
  EXPECT_EQ(map.end_of(4), 3u);
  OffsetMap bytes(text, OffsetUnit::byte);
  EXPECT_EQ(bytes.foreign_size(), 6u);
  EXPECT_EQ(bytes.start_of(5), 2u);
  EXPECT_FALSE(bytes.start_of(3));
}

TEST(OffsetMap, CombiningSequencesComposedByNfc) {
  const std::string nfd = "Cafe\xCC\x81 bar";  // e + U+0301 -> é
  OffsetMap map(nfd, OffsetUnit::code_point);
  EXPECT_EQ(map.normalized(), "Caf\xC3\xA9 bar");
  EXPECT_EQ(map.start_of(6), 5u);  // 'b' moves one to the left
  EXPECT_EQ(map.start_of(3), 3u);  // 'e' starts the composed é
  EXPECT_EQ(map.start_of(4), 3u);  // inside the sequence: a start goes to its beginning
  EXPECT_EQ(map.end_of(4), 4u);    // an end to its end
  EXPECT_EQ(map.end_of(5), 4u);
  // q + U+0307 has no precomposed form: nothing moves.
  OffsetMap stable("q\xCC\x87x", OffsetUnit::code_point);
  EXPECT_EQ(stable.start_of(2), 2u);
  EXPECT_EQ(stable.end_of(1), 1u);
}

TEST(OffsetMap, NormalisedTextEqualsNormalizeText) {
  const std::string raw = "\xEF\xBB\xBFO\xCC\x88l \r\n\r\nA\xCC\x8A\xCC\x81 \U0001F1EB\U0001F1F7\rend\xE2\x80\xA8z";
  OffsetMap map(raw, OffsetUnit::utf16);
  EXPECT_EQ(map.normalized(), ann::normalize_text(raw));
}

TEST(UnitConverter, ToUtf16AndBytes) {
  const std::string text = "x\U0001F600\xC3\xA9y";
  ann::UnitConverter utf16(text, OffsetUnit::utf16);
  EXPECT_EQ(utf16.to_unit(0), 0u);
  EXPECT_EQ(utf16.to_unit(2), 3u);
  EXPECT_EQ(utf16.to_unit(4), 5u);
  ann::UnitConverter bytes(text, OffsetUnit::byte);
  EXPECT_EQ(bytes.to_unit(3), 7u);
  ann::UnitConverter cps(text, OffsetUnit::code_point);
  EXPECT_EQ(cps.to_unit(3), 3u);
}

TEST(LabelMap, ReadsLinesAndReportsBadOnes) {
  std::vector<ann::Diagnostic> problems;
  const auto map = ann::parse_label_map(
      "# comment\n"
      "Loaded_Language\tloaded_language.exaggeration\n"
      "Name_Calling,Labeling\tloaded_language\tname_calling\n"
      "Doubt  fmt/frame.political\n"
      "@ignore\tRepetition\n"
      "@feature\twebanno.custom.Propaganda\tTechnique\n"
      "Broken\tnot a target\n"
      "@frobnicate\tx\n"
      "Loaded_Language\tframe.economic\n"
      "Lonely\n",
      "m.tsv", problems);
  ASSERT_EQ(problems.size(), 4u);
  EXPECT_EQ(problems[0].render(), "m.tsv:7:1: error: cannot read the target of 'Broken'; write [RUBRIC/]DIMENSION.CATEGORY with rubric ids");
  EXPECT_EQ(problems[1].render(), "m.tsv:8:1: error: unknown directive '@frobnicate'; use @ignore or @feature");
  EXPECT_EQ(problems[2].render(), "m.tsv:9:1: error: label 'Loaded_Language' is mapped twice");
  EXPECT_EQ(problems[3].render(),
            "m.tsv:10:1: error: expected FOREIGN<TAB>DIMENSION.CATEGORY or FOREIGN<TAB>DIMENSION<TAB>CATEGORY");
  ASSERT_NE(map.find("Loaded_Language"), nullptr);
  EXPECT_EQ(map.find("Loaded_Language")->category, "exaggeration");
  EXPECT_EQ(map.find("Name_Calling,Labeling")->dimension, "loaded_language");
  EXPECT_EQ(map.find("Doubt")->rubric, "fmt");
  EXPECT_TRUE(map.find("Repetition")->ignore);
  EXPECT_EQ(map.features.at("webanno.custom.Propaganda"), "Technique");
  EXPECT_EQ(map.find("Nothing"), nullptr);
}

TEST(LabelTarget, Shapes) {
  auto a = ann::parse_label_target("frame.economic");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->dimension, "frame");
  EXPECT_EQ(a->category, "economic");
  auto b = ann::parse_label_target("fmt/tone:pro");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->rubric, "fmt");
  EXPECT_EQ(b->category, "pro");
  auto c = ann::parse_label_target("score=3.5");
  ASSERT_TRUE(c);
  EXPECT_EQ(*c->value, 3.5);
  EXPECT_FALSE(ann::parse_label_target("Loaded_Language"));
  EXPECT_FALSE(ann::parse_label_target("frame."));
  EXPECT_FALSE(ann::parse_label_target("Frame.Economic"));
  ann::Annotation label;
  label.dimension = "frame";
  label.category = "economic";
  EXPECT_EQ(ann::label_name(label), "frame.economic");
}

TEST(LabelFormat, NamesAndUnits) {
  for (auto f : {ann::LabelFormat::brat, ann::LabelFormat::webanno_tsv, ann::LabelFormat::xmi, ann::LabelFormat::label_studio,
                 ann::LabelFormat::doccano, ann::LabelFormat::ptc, ann::LabelFormat::csv, ann::LabelFormat::agreement,
                 ann::LabelFormat::jsonl}) {
    EXPECT_EQ(ann::parse_label_format(ann::to_string(f)), f);
  }
  EXPECT_EQ(ann::parse_label_format("tsv3"), ann::LabelFormat::webanno_tsv);
  EXPECT_FALSE(ann::parse_label_format("conll"));
  EXPECT_EQ(ann::offset_unit_of(ann::LabelFormat::label_studio), OffsetUnit::utf16);
  EXPECT_EQ(ann::offset_unit_of(ann::LabelFormat::xmi), OffsetUnit::utf16);
  EXPECT_EQ(ann::offset_unit_of(ann::LabelFormat::brat), OffsetUnit::code_point);
  EXPECT_EQ(ann::offset_unit_of(ann::LabelFormat::doccano), OffsetUnit::code_point);
}

// Exports that write a file per document build it whole and write it at once.
TEST(WriteWholeFile, WritesReplacesAndSaysWhenItCannot) {
  credence::testing::TempDir dir;
  const auto path = dir / "doc.ann";
  ann::write_whole_file(path, "T1\tname 0 4\tThey\nT2\tname 5 8\tare\n");
  EXPECT_EQ(credence::testing::read_file(path.string()), "T1\tname 0 4\tThey\nT2\tname 5 8\tare\n");
  ann::write_whole_file(path, "short\n");  // a longer file is replaced, not overwritten in part
  EXPECT_EQ(credence::testing::read_file(path.string()), "short\n");
  ann::write_whole_file(path, "");
  EXPECT_EQ(credence::testing::read_file(path.string()), "");
  try {
    ann::write_whole_file(dir / "no-such-folder" / "doc.ann", "x");
    ADD_FAILURE() << "expected StoreError";
  } catch (const ann::StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              "cannot write " + (dir / "no-such-folder" / "doc.ann").string() + "; check that the folder exists and is writable");
  }
  std::string digits = "n=";
  ann::append_number(digits, 0);
  digits += ',';
  ann::append_number(digits, 18446744073709551615u);
  EXPECT_EQ(digits, "n=0,18446744073709551615");
}

namespace {

std::vector<std::string> rendered(const std::vector<ann::Diagnostic>& diagnostics) {
  std::vector<std::string> out;
  for (const auto& d : diagnostics) out.push_back(d.render());
  return out;
}

// What read_labels reports for PATHS (documents are dropped).
std::vector<std::string> read_problems(ann::LabelFormat format, const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  ann::read_labels(format, paths, {}, nullptr, [](ann::ForeignDocument&&) {},
                   [&](ann::Diagnostic&& d) { out.push_back(d.render()); });
  return out;
}

}  // namespace

TEST(LabelMap, DirectivesAndSeparators) {
  std::vector<ann::Diagnostic> problems;
  ann::parse_label_map("\tframe.economic\n@ignore\n@ignore\tA\tB\n@feature\tT\n@feature\tT\tF\tG\n", "m.tsv", problems);
  EXPECT_EQ(rendered(problems),
            (std::vector<std::string>{
                "m.tsv:1:1: error: line starts with a separator; write FOREIGN<TAB>DIMENSION.CATEGORY",
                "m.tsv:2:1: error: @ignore takes one label name: @ignore<TAB>NAME",
                "m.tsv:3:1: error: @ignore takes one label name: @ignore<TAB>NAME",
                "m.tsv:4:1: error: @feature takes a type and a feature: @feature<TAB>TYPE<TAB>FEATURE",
                "m.tsv:5:1: error: @feature takes a type and a feature: @feature<TAB>TYPE<TAB>FEATURE"}));
}

// An unreadable map file is one diagnostic; a read error (EIO from /proc/self/mem) used to be read as an
// empty map, so every label came out "not mapped".
TEST(LabelMap, FilesThatCannotBeRead) {
  credence::testing::TempDir dir;
  std::vector<ann::Diagnostic> problems;
  ann::load_label_map((dir / "none.tsv").string(), problems);
  ann::load_label_map("/proc/self/mem", problems);
  std::ofstream(dir / "latin1.tsv", std::ios::binary) << "Doubt\tframe.political\nGr\xFC\xDF\ttone.anti\n";
  ann::load_label_map((dir / "latin1.tsv").string(), problems);
  EXPECT_EQ(rendered(problems),
            (std::vector<std::string>{(dir / "none.tsv").string() + ": error: cannot read the map file",
                                      "/proc/self/mem: error: cannot read the map file: read error; check the disk",
                                      (dir / "latin1.tsv").string() + ": byte 24: error: invalid UTF-8; save the map file as UTF-8"}));
}

TEST(ReadWholeFile, ReadErrorIsNotAShortFile) {
  std::vector<std::string> problems;
  const auto content = ann::read_whole_file("/proc/self/mem", [&](ann::Diagnostic&& d) { problems.push_back(d.render()); });
  EXPECT_FALSE(content);
  EXPECT_EQ(problems, std::vector<std::string>{"/proc/self/mem: error: read error; check the disk"});
}

// Every reader says "read error" for a file that opens but fails to read, where it used to read the
// file as empty ("empty file", "no cas:Sofa", or nothing at all).
TEST(ReadLabels, ReadErrorInEveryFormat) {
  const std::string mem = "/proc/self/mem";
  EXPECT_EQ(read_problems(ann::LabelFormat::csv, {mem}), std::vector<std::string>{mem + ": error: read error; check the disk"});
  EXPECT_EQ(read_problems(ann::LabelFormat::doccano, {mem}),
            std::vector<std::string>{mem + ":1: error: read error; check the disk; the rest of the file was not read"});
  EXPECT_EQ(read_problems(ann::LabelFormat::ptc, {mem}),
            std::vector<std::string>{mem + ":1: error: read error; check the disk; the rest of the file was not read"});
  for (auto format : {ann::LabelFormat::label_studio, ann::LabelFormat::xmi, ann::LabelFormat::webanno_tsv}) {
    EXPECT_EQ(read_problems(format, {mem}), std::vector<std::string>{mem + ": error: read error; check the disk"})
        << ann::to_string(format);
  }
}

TEST(CollectLabelFiles, FolderWithoutFilesOfTheFormat) {
  credence::testing::TempDir dir;
  std::ofstream(dir / "notes.txt") << "not labels\n";
  const auto folder = dir.path().string();
  EXPECT_EQ(read_problems(ann::LabelFormat::brat, {folder}), std::vector<std::string>{folder + ": error: no .ann files in this folder"});
  EXPECT_EQ(read_problems(ann::LabelFormat::doccano, {folder}),
            std::vector<std::string>{folder + ": error: no .jsonl or .json files in this folder"});
  EXPECT_EQ(read_problems(ann::LabelFormat::xmi, {folder}), std::vector<std::string>{folder + ": error: no .xmi files in this folder"});
}
