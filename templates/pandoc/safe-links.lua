-- Links to anything but the web, e-mail or a place in the document (javascript:,
-- data:, file: …) become their plain text. The HTML is cleaned again afterwards;
-- the Word edition has no other guard.
local SAFE = { http = true, https = true, mailto = true }

local function scheme(target)
  -- Browsers and Word ignore spaces, control characters and %-escapes in a scheme.
  local plain = target:gsub("%%(%x%x)", function(hex) return string.char(tonumber(hex, 16)) end)
  plain = plain:gsub("[%s%c]", ""):lower()
  return plain:match("^([^/?#]*):")
end

function Link(link)
  local name = scheme(link.target)
  if name and not SAFE[name] then
    return link.content
  end
end
