// Tests for the passage-role classifier: features, phrase cues, roles on invented look-alike articles,
// corrections kept, and (when ../shared is present) the hand-labelled seed texts.
#include "credence/annotate/roles.hpp"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "credence/annotate/segment.hpp"
#include "credence/annotate/text.hpp"
#include "test_util.hpp"

namespace ann = credence::annotate;
using R = ann::PassageRole;

namespace {

using credence::testing::read_file;

std::vector<R> roles_of(const ann::SegmentedText& seg) {
  std::vector<R> out;
  for (const auto& p : seg.passages) out.push_back(p.role);
  return out;
}

std::string role_names(const std::vector<R>& roles) {
  std::string out;
  for (R r : roles) out += std::string(ann::to_string(r)) + " ";
  return out;
}

}  // namespace

TEST(MeasurePassage, CountsWordsStopWordsLinksAndPunctuation) {
  const auto f = ann::measure_passage("See [the report](https://x.example/r) and www.example.org today.");
  EXPECT_EQ(f.code_points, 64u);
  EXPECT_EQ(f.link_chars, 33u + 15u);
  EXPECT_TRUE(f.ends_with_sentence_punct);
  EXPECT_EQ(f.lines, 1u);
  const auto g = ann::measure_passage("It was the end of the day, and they went home.");
  EXPECT_EQ(g.words, 11u);
  EXPECT_EQ(g.stop_words, 7u);  // it, was, the, of, the, and, they
  EXPECT_EQ(g.sentence_ends, 1u);
  EXPECT_EQ(ann::measure_passage("Write to desk@paper.example", std::nullopt).link_chars, 18u);
  EXPECT_EQ(ann::measure_passage("[x](y)", std::size_t{0}).link_chars, 0u);  // markup count wins
  EXPECT_TRUE(ann::measure_passage("\xE2\x80\xA2 first item").bullet);
  EXPECT_TRUE(ann::measure_passage("12. twelfth item").bullet);
  EXPECT_FALSE(ann::measure_passage("2021. A year to forget").bullet);
  EXPECT_EQ(ann::measure_passage("").words, 0u);
  EXPECT_EQ(ann::measure_passage("").stop_density(), 0.0);
}

TEST(BoilerplateFamily, MatchesFurnitureButNotBodySentences) {
  EXPECT_EQ(ann::boilerplate_family("Menu Close"), "navigation");
  EXPECT_EQ(ann::boilerplate_family("Home | World | Business | Culture"), "navigation");
  EXPECT_EQ(ann::boilerplate_family("Donate now"), "donation");
  EXPECT_EQ(ann::boilerplate_family("Support The Valley Courier"), "donation");
  EXPECT_EQ(ann::boilerplate_family("Disclaimer: the views of the authors are their own."), "legal");
  EXPECT_EQ(ann::boilerplate_family("Copyright 2024 Valley Courier"), "legal");
  EXPECT_EQ(ann::boilerplate_family("Tags: harbour, council"), "tags");
  EXPECT_EQ(ann::boilerplate_family("Sign up for our newsletter."), "newsletter");
  EXPECT_EQ(ann::boilerplate_family("Related articles"), "navigation");
  EXPECT_EQ(ann::boilerplate_family("What happens next"), "");
  EXPECT_EQ(ann::boilerplate_family("Tickets go on sale next week."), "");
  EXPECT_EQ(ann::boilerplate_family("Share prices fell sharply on Monday after the bank cut its forecast."), "");
  // a long body paragraph that mentions one furniture word once stays clean
  EXPECT_EQ(ann::boilerplate_family(
                "The court ruled that the photographs were protected by copyright, and the newspaper that printed "
                "them without asking will have to pay the photographer a fee, according to the judgment published "
                "on Thursday, which also ordered the paper to print a correction on its front page next week."),
            "");
}

TEST(CommentThread, OpensOnThreadHeadersOnly) {
  EXPECT_TRUE(ann::opens_comment_thread("3 Comments"));
  EXPECT_TRUE(ann::opens_comment_thread("Leave a Reply"));
  EXPECT_TRUE(ann::opens_comment_thread("## Comments"));
  EXPECT_TRUE(ann::opens_comment_thread("Notify of\nNewest Most Voted\nInline Feedbacks"));
  EXPECT_TRUE(ann::opens_comment_thread("One response to \xE2\x80\x9CBridge closes\xE2\x80\x9D"));
  EXPECT_TRUE(ann::opens_comment_thread("12 thoughts on \"Ferry strike\""));
  EXPECT_TRUE(ann::opens_comment_thread("Comments (4)"));
  EXPECT_FALSE(ann::opens_comment_thread("Comment on this article on our Facebook page"));
  EXPECT_FALSE(ann::opens_comment_thread("Comments from the minister were not available."));
  EXPECT_FALSE(ann::opens_comment_thread("3 comments were removed by the moderators last year, the paper said."));
  EXPECT_FALSE(ann::opens_comment_thread(""));
}

TEST(CaptionBylineDate, RecogniseTheirShapes) {
  EXPECT_TRUE(ann::looks_like_caption("Photo: The flooded quay on Monday morning."));
  EXPECT_TRUE(ann::looks_like_caption("image-Fishing boats in the old harbour"));
  EXPECT_TRUE(ann::looks_like_caption("Boats in the harbour (Image credit: Ana Ruiz)"));
  EXPECT_TRUE(ann::looks_like_caption("A screenshot from a video purportedly showing the flooded road."));
  EXPECT_FALSE(ann::looks_like_caption("The video shows nothing new, the minister said. He added that it was old. "
                                       "Nobody believed him."));
  EXPECT_FALSE(ann::looks_like_caption("The council met on Monday."));
  EXPECT_TRUE(ann::looks_like_byline("By Jane Marlow", ""));
  EXPECT_TRUE(ann::looks_like_byline("Author: J. Marlow", ""));
  EXPECT_TRUE(ann::looks_like_byline("\xE2\x80\x94 Paul Anders", ""));
  EXPECT_TRUE(ann::looks_like_byline("Reporting from Eastmere, Jane Marlow", "Jane Marlow"));
  EXPECT_FALSE(ann::looks_like_byline("by the river the boats were waiting", ""));
  EXPECT_FALSE(ann::looks_like_byline("Reporting from Eastmere", "Jane Marlow"));
  EXPECT_TRUE(ann::looks_like_date_line("March 3, 2024"));
  EXPECT_TRUE(ann::looks_like_date_line("Valley Courier, 23rd Sept 2021"));
  EXPECT_TRUE(ann::looks_like_date_line("2024-05-14"));
  EXPECT_FALSE(ann::looks_like_date_line("The march went on for 3 hours through the town centre and back"));
  EXPECT_FALSE(ann::looks_like_date_line("Harbour wall"));
}

TEST(ClassifyRoles, LookAlikeNewsPageGetsEveryRole) {
  const auto seg =
      ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data("segment/plain_news.txt"))));
  const std::vector<R> expected = {
      R::boilerplate,                                   // menu
      R::title,       R::byline, R::byline,             // title, "By ...", date line
      R::boilerplate,                                   // donation appeal
      R::body,        R::body,   R::caption, R::body,   // body, photo caption
      R::heading,     R::body,   R::body,               // sub-heading and body
      R::boilerplate, R::boilerplate, R::boilerplate,   // disclaimer, newsletter, tags
      R::boilerplate, R::boilerplate, R::boilerplate,   // related-article headlines
      R::comment,     R::comment, R::comment, R::comment, R::comment, R::comment};
  EXPECT_EQ(role_names(roles_of(seg)), role_names(expected));
  for (const auto& p : seg.passages) {
    if (p.role == R::body) EXPECT_GE(p.body_score, 0.5);
    else EXPECT_LT(p.body_score, 0.5);
  }
}

TEST(ClassifyRoles, KnownTitleAndAuthorAreUsed) {
  ann::SegmentOptions options;
  options.known_title = "  harbour council approves FLOOD wall after two years of delay ";
  options.known_author = "Jane Marlow";
  const auto seg = ann::segment_plain(
      ann::normalize_text(read_file(credence::testing::test_data("segment/plain_news.txt"))), options);
  ASSERT_GE(seg.passages.size(), 3u);
  EXPECT_EQ(seg.passages[1].role, R::title);
  EXPECT_EQ(seg.passages[2].role, R::byline);
}

TEST(ClassifyRoles, CommentHeaderBeforeTheBodyDoesNotStartAThread) {
  const std::string text =
      "12 Comments\n\n"
      "The regional bus company will add a late service on Fridays and Saturdays from next month, after "
      "students at the college asked for a safer way home from the town centre at night.\n\n"
      "The new bus will leave the square at half past midnight and stop at every village along the coast "
      "road, the company said in a statement published on its website on Wednesday.\n";
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 3u);
  EXPECT_NE(seg.passages[0].role, R::comment);
  EXPECT_EQ(seg.passages[1].role, R::body);
  EXPECT_EQ(seg.passages[2].role, R::body);
}

TEST(ClassifyRoles, NonEnglishProseIsNotMistakenForMenus) {
  // stop-word density is an English measure; a German article must still come out as body
  const std::string text =
      "Der Gemeinderat von Ostheim hat am Dienstagabend beschlossen, die alte Hafenmauer durch eine neue "
      "Betonmauer zu ersetzen, nachdem der Streit um das Projekt mehr als zwei Jahre gedauert hatte.\n\n"
      "Die Mauer soll fast einen Kilometer lang werden und vom Faehranleger bis zur Rettungsstation reichen; "
      "die Kosten werden auf rund vier Millionen Euro geschaetzt, die zum groessten Teil aus einem Fonds kommen.\n";
  const auto seg = ann::segment_plain(text);
  ASSERT_EQ(seg.passages.size(), 2u);
  EXPECT_EQ(seg.passages[0].role, R::body);
  EXPECT_EQ(seg.passages[1].role, R::body);
}

TEST(ClassifyRoles, CorrectedRolesAreKept) {
  auto seg = ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data("segment/plain_news.txt"))));
  ASSERT_GT(seg.passages.size(), 6u);
  ASSERT_EQ(seg.passages[5].role, R::body);
  ASSERT_EQ(seg.passages[4].role, R::boilerplate);
  seg.passages[5].role = R::boilerplate;
  seg.passages[5].role_corrected = true;
  seg.passages[4].role = R::body;
  seg.passages[4].role_corrected = true;
  ann::classify_roles(seg.passages, {}, {});
  EXPECT_EQ(seg.passages[5].role, R::boilerplate);
  EXPECT_LT(seg.passages[5].body_score, 0.5);
  EXPECT_EQ(seg.passages[4].role, R::body);
  EXPECT_EQ(seg.passages[6].role, R::body);
}

TEST(ClassifyRoles, MarkupCuesDecide) {
  std::vector<ann::Passage> passages(4);
  const char* texts[] = {"Weather", "Storm warning for the coast tonight",
                         "The meteorological office warned that gusts of up to one hundred kilometres an hour could "
                         "reach the coast after midnight, and it asked people to stay away from the harbour walls.",
                         "Great article, thanks"};
  for (int i = 0; i < 4; ++i) {
    passages[i].index = i;
    passages[i].text = texts[i];
  }
  std::vector<ann::RoleCues> cues(4);
  cues[0].container = "nav";
  cues[1].tag = "h1";
  cues[2].tag = "p";
  cues[3].container = "comments";
  ann::classify_roles(passages, cues, {});
  EXPECT_EQ(role_names({passages[0].role, passages[1].role, passages[2].role, passages[3].role}),
            role_names({R::boilerplate, R::title, R::body, R::comment}));
  std::vector<ann::Passage> none;
  ann::classify_roles(none, {}, {});
  EXPECT_TRUE(none.empty());
}

// The seeds in ../shared with the hand labels of bench/data/seed_roles.jsonl (offsets, role and a
// short hash; no text). Skipped when the shared material is absent.
TEST(SeedTexts, DonationsDisclaimersMenusAndCommentsAreNotBody) {
  const std::filesystem::path seeds = std::filesystem::path(CREDENCE_SOURCE_DIR) / ".." / "shared" / "corpus" / "seeds";
  const std::filesystem::path labels = std::filesystem::path(CREDENCE_SOURCE_DIR) / "bench" / "data" / "seed_roles.jsonl";
  if (!std::filesystem::exists(seeds / "MANIFEST.jsonl")) GTEST_SKIP() << "no ../shared/corpus/seeds";
  std::map<std::string, boost::json::object> manifest;
  {
    std::istringstream in(read_file((seeds / "MANIFEST.jsonl").string()));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto o = boost::json::parse(line).as_object();
      manifest[std::string(o["file"].as_string())] = o;
    }
  }
  std::map<std::string, std::vector<boost::json::object>> gold;
  {
    std::istringstream in(read_file(labels.string()));
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      auto o = boost::json::parse(line).as_object();
      gold[std::string(o["file"].as_string())].push_back(o);
    }
  }
  ASSERT_EQ(gold.size(), 5u);
  std::size_t units = 0, body_agree = 0;
  for (auto& [file, rows] : gold) {
    SCOPED_TRACE(file);
    ann::SegmentOptions options;
    auto& m = manifest[file];
    if (m.contains("title") && m["title"].is_string()) options.known_title = std::string(m["title"].as_string());
    if (m.contains("author") && m["author"].is_string()) options.known_author = std::string(m["author"].as_string());
    const auto seg = ann::segment_plain(ann::normalize_text(read_file((seeds / file).string())), options);
    const ann::Utf8Index index(seg.text);
    for (auto& row : rows) {
      const auto start = static_cast<std::size_t>(row["start"].to_number<std::int64_t>());
      const auto end = static_cast<std::size_t>(row["end"].to_number<std::int64_t>());
      const std::string gold_role(row["role"].as_string());
      ASSERT_LE(end, index.size_code_points());
      const std::string hash = ann::sha256_hex(index.slice(seg.text, start, end)).substr(0, 8);
      if (hash != row["sha256_8"].as_string()) GTEST_SKIP() << "seed text changed; relabel " << file;
      const ann::Passage* match = nullptr;
      for (const auto& p : seg.passages) {
        if (p.start == start && p.end == end) match = &p;
      }
      ASSERT_NE(match, nullptr) << "segmentation changed at " << start << "-" << end;
      ++units;
      const bool gold_body = gold_role == "body";
      body_agree += gold_body == (match->role == R::body);
      if (gold_role == "boilerplate" || gold_role == "comment") {
        EXPECT_NE(match->role, R::body) << "passage " << row["index"].as_int64() << " is " << gold_role;
      }
      if (gold_role == "comment") EXPECT_EQ(match->role, R::comment) << "passage " << row["index"].as_int64();
    }
  }
  EXPECT_GE(double(body_agree) / double(units), 0.95) << body_agree << " of " << units;
}

TEST(ClassifyRoles, TextWithoutSpacesBetweenWordsIsBody) {
  // Chinese prose: one "word" per clause, no English stop words; length decides
  const std::string text =
      "\xE5\xB8\x82\xE8\xAE\xAE\xE4\xBC\x9A\xE6\x98\xA8\xE5\xA4\xA9\xE6\x99\x9A\xE4\xB8\x8A\xE6\x8A\x95\xE7\xA5\xA8"
      "\xE5\x86\xB3\xE5\xAE\x9A\xE5\x9C\xA8\xE6\x97\xA7\xE6\xB8\xAF\xE5\x8F\xA3\xE4\xBF\xAE\xE5\xBB\xBA\xE4\xB8\x80"
      "\xE9\x81\x93\xE9\x98\xB2\xE6\xB4\xAA\xE5\xA2\x99\xEF\xBC\x8C\xE7\xBB\x93\xE6\x9D\x9F\xE4\xBA\x86\xE4\xB8\xA4"
      "\xE5\xB9\xB4\xE6\x9D\xA5\xE7\x9A\x84\xE4\xBA\x89\xE8\xAE\xBA\xE3\x80\x82\xE8\xBF\x99\xE9\x81\x93\xE5\xA2\x99"
      "\xE5\xB0\x86\xE4\xBB\x8E\xE6\xB8\xA1\xE8\x88\xB9\xE7\xA0\x81\xE5\xA4\xB4\xE4\xB8\x80\xE7\x9B\xB4\xE5\xBB\xB6"
      "\xE4\xBC\xB8\xE5\x88\xB0\xE6\x95\x91\xE7\x94\x9F\xE8\x89\x87\xE7\xAB\x99\xEF\xBC\x8C\xE5\xA4\xA7\xE9\x83\xA8"
      "\xE5\x88\x86\xE8\xB5\x84\xE9\x87\x91\xE6\x9D\xA5\xE8\x87\xAA\xE5\x9C\xB0\xE5\x8C\xBA\xE5\x9F\xBA\xE9\x87\x91"
      "\xE3\x80\x82";
  const auto seg = ann::segment_plain(text + text + text + text);
  ASSERT_EQ(seg.passages.size(), 1u);
  EXPECT_EQ(seg.passages[0].role, R::body);
  EXPECT_EQ(seg.passages[0].sentences.size(), 8u);
}

TEST(ClassifyRoles, WireStoryWithShortParagraphsIsBodyToTheEnd) {
  // one long lead paragraph, then one-sentence paragraphs, the last one short
  const auto seg =
      ann::segment_plain(ann::normalize_text(read_file(credence::testing::test_data("segment/wire_brief.txt"))));
  ASSERT_EQ(seg.passages.size(), 7u);
  EXPECT_EQ(seg.passages[0].role, R::title);
  for (std::size_t i = 1; i < seg.passages.size(); ++i) EXPECT_EQ(seg.passages[i].role, R::body) << "passage " << i;
}
