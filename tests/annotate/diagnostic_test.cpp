// Tests for diagnostic.hpp: the one rendering of locations every command prints.
#include "credence/annotate/diagnostic.hpp"

#include <gtest/gtest.h>

namespace ann = credence::annotate;

TEST(Diagnostic, RendersLineAndColumn) {
  EXPECT_EQ(ann::error_at("a.jsonl", 3, 7, "invalid JSON").render(), "a.jsonl:3:7: error: invalid JSON");
}

TEST(Diagnostic, RendersByteOffsetWhenNoLine) {
  EXPECT_EQ(ann::error_at_byte("a.txt", 17, "invalid UTF-8").render(), "a.txt: byte 17: error: invalid UTF-8");
}

TEST(Diagnostic, RendersJsonPointer) {
  EXPECT_EQ(ann::error_at_pointer("r.json", "/dimensions/0/unit", "unknown unit").render(),
            "r.json#/dimensions/0/unit: error: unknown unit");
}

TEST(Diagnostic, EmptyPathAndWarnings) {
  auto d = ann::error_in("", "nothing");
  d.severity = ann::Severity::warning;
  EXPECT_EQ(d.render(), "<input>: warning: nothing");
  EXPECT_FALSE(ann::has_errors({d}));
  EXPECT_TRUE(ann::has_errors({d, ann::error_in("x", "y")}));
}

TEST(Diagnostic, PointerWithLineLeadsTheMessage) {
  auto d = ann::error_at("labels.jsonl", 4, 0, "no such category");
  d.where.json_pointer = "/category";
  EXPECT_EQ(d.render(), "labels.jsonl:4: error: at /category: no such category");
}
