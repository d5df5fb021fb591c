// The workspace's JSON API (docs/workspace.md): token check, routing, validation and the store
// calls, independent of the HTTP transport so that the transport stays thin.
#pragma once
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace credence::server {

struct ApiRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path with query, "/api/documents/3?x=1"
  std::string authorization;  // the Authorization header, "Bearer TOKEN"
  std::string body;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One study opened for serving. Calls are serialised internally (one SQLite connection), so one Api
// may be shared by every connection thread.
class Api {
 public:
  // Opens (and migrates) the study; throws annotate::StoreError when it cannot.
  explicit Api(const std::filesystem::path& study_folder);
  Api(const Api&) = delete;
  Api& operator=(const Api&) = delete;
  ~Api();

  // Handles any request: /api/... as JSON, everything else as an embedded web asset.
  ApiResponse handle(const ApiRequest& request);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// JSON error body {"error": message}.
ApiResponse json_error(int status, const std::string& message);

}  // namespace credence::server
