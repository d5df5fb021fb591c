// Internal to credence::annotate: a prepared SQLite statement with typed binds and reads, and exec().
// Shared by the store and the workspace tables so that SQL errors read the same everywhere.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>

#include "credence/annotate/store.hpp"

namespace credence::annotate {

// Prepared statements are kept per connection and reused: preparing costs more than running most of
// these queries, and an import of a million labels would otherwise prepare millions of them.
inline std::mutex g_statement_mutex;
inline std::unordered_map<sqlite3*, std::unordered_multimap<std::string, sqlite3_stmt*>> g_statements;

// Finalises the cached statements of a connection; call before closing it.
inline void drop_cached_statements(sqlite3* db) {
  std::lock_guard<std::mutex> lock(g_statement_mutex);
  auto it = g_statements.find(db);
  if (it == g_statements.end()) return;
  for (auto& [sql, stmt] : it->second) sqlite3_finalize(stmt);
  g_statements.erase(it);
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db), sql_(sql) {
    {
      std::lock_guard<std::mutex> lock(g_statement_mutex);
      auto& cached = g_statements[db];
      if (auto it = cached.find(sql_); it != cached.end()) {
        stmt_ = it->second;
        cached.erase(it);
        return;
      }
    }
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw StoreError(std::string("database error preparing statement: ") + sqlite3_errmsg(db));
    }
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    std::lock_guard<std::mutex> lock(g_statement_mutex);
    g_statements[db_].emplace(std::move(sql_), stmt_);
  }

  Statement& bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // Binds without copying: `v` must stay alive and unchanged until the statement is stepped and reset.
  Statement& bind_static(int i, std::string_view v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_STATIC);
    return *this;
  }
  Statement& bind(int i, std::int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& bind(int i, double v) {
    sqlite3_bind_double(stmt_, i, v);
    return *this;
  }
  Statement& bind_null(int i) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  template <typename T>
  Statement& bind_opt(int i, const std::optional<T>& v) {
    if (v) return bind(i, static_cast<std::conditional_t<std::is_floating_point_v<T>, double, std::int64_t>>(*v));
    return bind_null(i);
  }
  // True when a row is available.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw StoreError(std::string("database error: ") + sqlite3_errmsg(db_));
  }
  void run() {
    while (step()) {
    }
  }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(stmt_, col); }
  double f64(int col) const { return sqlite3_column_double(stmt_, col); }
  bool is_null(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string str(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  sqlite3* db_;
  std::string sql_;
  sqlite3_stmt* stmt_ = nullptr;
};

inline void exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw StoreError("database error: " + text);
  }
}

}  // namespace credence::annotate
