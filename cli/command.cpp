// Argument parsing, help rendering and dispatch shared by every subcommand.
#include "command.hpp"

#include <unistd.h>

#include <charconv>
#include <climits>
#include <cmath>
#include <exception>
#include <sstream>

#include "credence/annotate/store.hpp"
#include "credence/version.hpp"

namespace credence::cli {

std::optional<std::string> Args::get(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end() || it->second.empty()) return std::nullopt;
  return it->second.back();
}

std::string Args::get_or(const std::string& name, const std::string& fallback) const {
  auto v = get(name);
  return v ? *v : fallback;
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

std::optional<Args> parse_args(const Command& command, const std::vector<std::string>& argv, std::string& error) {
  Args args;
  bool only_positional = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& token = argv[i];
    if (only_positional || token.size() < 2 || token.rfind("--", 0) != 0) {
      if (token == "--") { only_positional = true; continue; }
      args.positional.push_back(token);
      continue;
    }
    if (token == "--") { only_positional = true; continue; }
    std::string name = token;
    std::optional<std::string> inline_value;
    if (auto eq = token.find('='); eq != std::string::npos) {
      name = token.substr(0, eq);
      inline_value = token.substr(eq + 1);
    }
    const OptionSpec* spec = nullptr;
    for (const auto& option : command.options) {
      if (option.name == name) spec = &option;
    }
    if (spec == nullptr) {
      error = "unknown option '" + name + "'";
      return std::nullopt;
    }
    if (spec->value_name.empty()) {
      if (inline_value) {
        error = "option '" + name + "' takes no value";
        return std::nullopt;
      }
      args.values[name].push_back("true");
      continue;
    }
    std::string value;
    if (inline_value) {
      value = *inline_value;
    } else if (i + 1 < argv.size()) {
      value = argv[++i];
    } else {
      error = "option '" + name + "' needs a value (" + spec->value_name + ")";
      return std::nullopt;
    }
    if (!spec->repeatable && args.values.count(name) > 0) {
      error = "option '" + name + "' given twice";
      return std::nullopt;
    }
    args.values[name].push_back(value);
  }
  if (args.positional.size() < command.min_positional) {
    error = "missing arguments";
    return std::nullopt;
  }
  if (args.positional.size() > command.max_positional) {
    error = "too many arguments ('" + args.positional.back() + "')";
    return std::nullopt;
  }
  return args;
}

std::string render_help(const Command& command) {
  std::ostringstream out;
  out << "usage: " << command.usage << "\n\n" << command.summary << "\n";
  if (!command.description.empty()) out << "\n" << command.description << "\n";
  if (!command.options.empty()) {
    out << "\noptions:\n";
    for (const auto& option : command.options) {
      std::string left = "  " + option.name + (option.value_name.empty() ? "" : " " + option.value_name);
      if (left.size() < 28) left.resize(28, ' ');
      else left += "  ";
      out << left << option.help << "\n";
    }
  }
  out << "  --help                    show this help\n";
  return out.str();
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> items;
  std::string current;
  auto flush = [&] {
    auto b = current.find_first_not_of(" \t");
    auto e = current.find_last_not_of(" \t");
    if (b != std::string::npos) items.push_back(current.substr(b, e - b + 1));
    current.clear();
  };
  for (char c : text) {
    if (c == ',') flush();
    else current.push_back(c);
  }
  flush();
  return items;
}

long long parse_int_option(const Args& args, const std::string& name, long long fallback, long long min_value,
                           long long max_value) {
  auto text = args.get(name);
  if (!text) return fallback;
  long long value = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || ptr != text->data() + text->size()) {
    throw UsageError{"option '" + name + "' needs a whole number, got '" + *text + "'"};
  }
  if (value < min_value || value > max_value) {
    throw UsageError{"option '" + name + "' must be between " + std::to_string(min_value) + " and " +
                     std::to_string(max_value) + ", got " + *text};
  }
  return value;
}

double parse_double_option(const Args& args, const std::string& name, double fallback) {
  auto text = args.get(name);
  if (!text) return fallback;
  try {
    std::size_t used = 0;
    double value = std::stod(*text, &used);
    // "nan" and "inf" parse, but no option means them: a NaN threshold would silently compare false.
    if (used == text->size() && std::isfinite(value)) return value;
  } catch (const std::exception&) {
  }
  throw UsageError{"option '" + name + "' needs a number, got '" + *text + "'"};
}

namespace {

std::string main_help(const std::vector<Command>& commands) {
  std::ostringstream out;
  out << "credence " << k_version << ": source-credibility and media-bias annotation\n\n"
      << "usage: credence VERB [options]   (credence VERB --help for each verb)\n\nverbs:\n";
  for (const auto& command : commands) {
    std::string left = "  " + command.name;
    if (left.size() < 18) left.resize(18, ' ');
    out << left << command.summary << "\n";
  }
  out << "\nexit codes: 0 done, 1 done with rejected records, 2 usage error, 3 I/O or store error, 70 internal error\n";
  return out.str();
}

}  // namespace

int run_cli(const std::vector<std::string>& argv, std::ostream& out, std::ostream& err) {
  const auto commands = all_commands();
  if (argv.empty() || argv[0] == "--help" || argv[0] == "-h" || argv[0] == "help") {
    (argv.empty() ? err : out) << main_help(commands);
    return argv.empty() ? k_exit_usage : k_exit_ok;
  }
  if (argv[0] == "--version" || argv[0] == "version") {
    out << "credence " << k_version << "\n";
    return k_exit_ok;
  }
  const Command* command = nullptr;
  for (const auto& c : commands) {
    if (c.name == argv[0]) command = &c;
  }
  if (command == nullptr) {
    err << "credence: unknown verb '" << argv[0] << "'; run 'credence --help' for the list\n";
    return k_exit_usage;
  }
  std::vector<std::string> rest(argv.begin() + 1, argv.end());
  for (const auto& token : rest) {
    if (token == "--help" || token == "-h") {
      out << render_help(*command);
      return k_exit_ok;
    }
    if (token == "--") break;
  }
  std::string error;
  auto args = parse_args(*command, rest, error);
  if (!args) {
    err << "credence " << command->name << ": " << error << "\nusage: " << command->usage << "\n";
    return k_exit_usage;
  }
  Context context{out, err, isatty(STDERR_FILENO) != 0};
  try {
    return command->run(*args, context);
  } catch (const UsageError& e) {
    err << "credence " << command->name << ": " << e.message << "\nusage: " << command->usage << "\n";
    return k_exit_usage;
  } catch (const annotate::StoreError& e) {
    // A store error a command did not catch itself (a damaged or locked database) is still a store error.
    err << "credence " << command->name << ": " << e.what() << "\n";
    return k_exit_io;
  } catch (const std::exception& e) {
    err << "credence " << command->name << ": internal error: " << e.what()
        << "\nplease report this with the command line that caused it\n";
    return k_exit_internal;
  }
}

}  // namespace credence::cli
