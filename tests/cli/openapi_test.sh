#!/usr/bin/env bash
# Every JSON API route in src/web/routes.cpp is described in docs/openapi.yaml
# (path and method), so the document other systems read cannot fall behind.
#
#   tests/cli/openapi_test.sh SOURCE_ROOT
set -uo pipefail
root=${1:?usage: openapi_test.sh SOURCE_ROOT}
routes=$root/src/web/routes.cpp
spec=$root/docs/openapi.yaml

# "/api/v1/cycles/{id}/raters" -> "/api/v1/cycles/{}/raters"
normalise() { sed -E 's/\{[a-z_]+\}/{}/g'; }

# The spec as "METHOD PATH" lines: a path line, then its method lines.
documented=$(awk '
  /^  \/[^ ]*:$/ { path = substr($1, 1, length($1) - 1); next }
  /^    (get|post|put|patch|delete):/ && path != "" { sub(":", "", $1); print toupper($1) " " path }
' "$spec" | normalise)

failed=0
checked=0
while read -r method path; do
  checked=$((checked + 1))
  want="$method $(normalise <<<"$path")"
  # A literal last segment may be documented as a parameter ({action}).
  generic="$method $(normalise <<<"${path%/*}")/{}"
  if ! grep -qxF "$want" <<<"$documented" && ! grep -qxF "$generic" <<<"$documented"; then
    echo "FAIL $method $path is not in docs/openapi.yaml"
    failed=$((failed + 1))
  fi
done < <(grep -oE '\{"(GET|POST)", "/api/[^"]*"' "$routes" | sed -E 's/\{"([A-Z]+)", "([^"]*)"/\1 \2/')

echo "$checked API routes checked, $failed missing"
[[ $checked -gt 10 && $failed -eq 0 ]]
