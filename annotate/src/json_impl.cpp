// Boost.JSON compiled into credence::annotate (header-only mode: one translation unit holds it).
#include <boost/json/src.hpp>
