#pragma once
//! What the JSON API's handlers share (api.cpp, support_api.cpp): answers in
//! JSON, RFC 9457 problems for refusals, and reading a request's JSON body.

#include <boost/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "web/handlers.hpp"

namespace lqf::web {

//! A JSON answer; with `etag`, a 304 when the client has it already.
http::Response JsonResponse(const http::Request& request, std::string body, std::string_view etag = {});
//! A 422 problem listing each refused field with words a person can act on
//! (messages/en.json "<input>.<field>.<code>"); 403 for "forbidden".
http::Response RefusalProblem(const Context& ctx, std::string_view input, const std::vector<app::Refusal>& refusals);
//! The request body as an object, or nothing (then answer 400).
std::optional<boost::json::object> BodyObject(const Call& call);
//! A string field, or empty when absent or not a string.
std::string StringField(const boost::json::object& obj, std::string_view name);

}  // namespace lqf::web
