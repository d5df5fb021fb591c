// The HTTP transport of `credence serve`: Boost.Beast on loopback by default, one thread per
// keep-alive connection, every request handed to the Api.
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace credence::server {

struct ServerOptions {
  std::string host = "127.0.0.1";     // bind address; loopback unless the owner says otherwise
  std::uint16_t port = 8080;          // 0 = any free port (see Server::port())
  std::size_t max_body = 1 << 20;     // larger request bodies get 413
  std::size_t max_connections = 256;  // further connections are answered 503 and closed
  // A connection that has not sent a complete request for this long is closed, so idle keep-alive
  // connections (and clients that send a request very slowly) do not hold connection slots for ever.
  unsigned idle_timeout_ms = 60000;
};

class Server {
 public:
  // Opens the study and binds the socket; throws annotate::StoreError (study) or
  // std::runtime_error (address in use, bad host) with a message that says what to do.
  Server(const std::filesystem::path& study_folder, const ServerOptions& options);
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();  // stops

  // The port actually bound (useful with port 0).
  [[nodiscard]] std::uint16_t port() const;
  // Starts accepting on a background thread; returns at once.
  void start();
  // Closes the listening socket and every connection, then joins the threads. Idempotent.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace credence::server
