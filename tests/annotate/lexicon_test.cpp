// Tests for lexicon.hpp: the TSV format, every bad line reported with line:col, empty lexicons.
#include "credence/annotate/lexicon.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "test_util.hpp"

namespace ann = credence::annotate;
using credence::testing::TempDir;

namespace {

std::vector<std::string> rendered(const ann::LexiconLoadResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.diagnostics) out.push_back(d.render());
  return out;
}

}  // namespace

TEST(ParseLexicon, ReadsEntriesSkippingCommentsAndBlankLines) {
  const auto r = ann::parse_lexicon("# header\n\nThugs\tpejorative_label\t0.8\tcredence\r\nso-called\tscare_quotes\t1\tcredence\n",
                                    "dir/labels.tsv");
  EXPECT_TRUE(r.diagnostics.empty());
  ASSERT_TRUE(r.lexicon.has_value());
  EXPECT_EQ(r.lexicon->name, "labels");
  ASSERT_EQ(r.lexicon->entries.size(), 2u);
  EXPECT_EQ(r.lexicon->entries[0].text, "thugs");  // ASCII lower-cased; the matcher folds the rest
  EXPECT_EQ(r.lexicon->entries[0].subtype, "pejorative_label");
  EXPECT_DOUBLE_EQ(r.lexicon->entries[0].weight, 0.8);
  EXPECT_EQ(r.lexicon->entries[0].source, "credence");
  EXPECT_EQ(r.lexicon->entries[0].line, 3u);
  EXPECT_EQ(r.lexicon->entries[1].line, 4u);
}

TEST(ParseLexicon, ReportsEveryMalformedLineAndKeepsTheGoodOnes) {
  const std::string tsv =
      "good\tx\t0.5\tcredence\n"
      "two fields\tx\n"
      "\tx\t0.5\tcredence\n"
      "bad weight\tx\t1.5\tcredence\n"
      "nan weight\tx\tabc\tcredence\n"
      "no subtype\t\t0.5\tcredence\n"
      "no source\tx\t0.5\t\n"
      "Good\tx\t0.4\tcredence\n"
      "héllo wörld\tx\t0.3\tcredence\n";
  const auto r = ann::parse_lexicon(tsv, "l.tsv");
  EXPECT_EQ(rendered(r),
            (std::vector<std::string>{
                "l.tsv:2:1: error: expected 4 tab-separated fields (entry, subtype, weight, source), found 2; separate "
                "the fields with one tab each",
                "l.tsv:3:1: error: empty entry; write the word or phrase to match",
                "l.tsv:4:14: error: weight '1.5' is not a number between 0 and 1",
                "l.tsv:5:14: error: weight 'abc' is not a number between 0 and 1",
                "l.tsv:6:12: error: empty subtype; give the category id the entry suggests",
                "l.tsv:7:17: error: empty source; write 'credence' or the citation key",
                "l.tsv:8:1: error: duplicate entry 'Good' (first on line 1); keep one line per entry",
            }));
  ASSERT_TRUE(r.lexicon.has_value());
  ASSERT_EQ(r.lexicon->entries.size(), 2u);
  EXPECT_EQ(r.lexicon->entries[1].text, "héllo wörld");
  EXPECT_TRUE(ann::has_errors(r.diagnostics));
}

TEST(ParseLexicon, EmptyLexiconIsAnError) {
  const auto r = ann::parse_lexicon("# only comments\n\n", "empty.tsv");
  EXPECT_EQ(rendered(r), std::vector<std::string>{
                             "empty.tsv: error: lexicon has no entries; add lines entry<TAB>subtype<TAB>weight<TAB>source"});
  const auto nothing = ann::parse_lexicon("", "nothing.tsv");
  EXPECT_TRUE(ann::has_errors(nothing.diagnostics));
}

TEST(ParseLexicon, InvalidUtf8GivesByteOffset) {
  const auto r = ann::parse_lexicon("ok\tx\t0.5\tc\nb\xC3\x28\tx\t0.5\tc\n", "bad.tsv");
  EXPECT_EQ(rendered(r), std::vector<std::string>{"bad.tsv: byte 12: error: lexicon is not valid UTF-8; save it as UTF-8"});
  EXPECT_FALSE(r.lexicon.has_value());
}

TEST(LoadLexiconFile, MissingFileAndDirectory) {
  TempDir dir;
  const auto missing = ann::load_lexicon_file((dir / "nope.tsv").string());
  EXPECT_EQ(rendered(missing), std::vector<std::string>{(dir / "nope.tsv").string() +
                                                        ": error: cannot read lexicon file: no such file or not readable"});
  const auto directory = ann::load_lexicon_file(dir.path().string());
  EXPECT_EQ(rendered(directory),
            std::vector<std::string>{dir.path().string() + ": error: cannot read lexicon file: is a directory"});
  std::ofstream(dir / "ok.tsv") << "word\tx\t0.5\tcredence\n";
  const auto ok = ann::load_lexicon_file((dir / "ok.tsv").string());
  ASSERT_TRUE(ok.lexicon.has_value());
  EXPECT_EQ(ok.lexicon->name, "ok");
  EXPECT_TRUE(ok.diagnostics.empty());
}

// A file that opens but cannot be read (EIO from /proc/self/mem at offset 0) is a read error. It used to
// escape as libstdc++'s ios_base::failure, which the command line printed as an internal error.
TEST(LoadLexiconFile, ReadError) {
  const auto result = ann::load_lexicon_file("/proc/self/mem");
  EXPECT_FALSE(result.lexicon.has_value());
  EXPECT_EQ(rendered(result),
            std::vector<std::string>{"/proc/self/mem: error: cannot read lexicon file: read error; check the disk"});
}
