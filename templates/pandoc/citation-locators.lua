-- For the HTML popovers: each link of a citation to its reference entry carries the locator
-- of the item it stands for, as `data-locator`, so that a popover shows the page its own
-- citation prints wherever the citation stands and however the style joins its numbers
-- ([2-5] links the first and last entries only).

local function locator(citation)
  local text = pandoc.utils.stringify(citation.suffix):gsub("^%s*,%s*", ""):gsub("%s+$", "")
  return text
end

-- A link names its entry (#ref-KEY); the first item of that key not yet linked is the one it shows.
local function mark_links(cite)
  local unlinked = {}
  for _, citation in ipairs(cite.citations) do
    table.insert(unlinked, citation)
  end
  cite.content = cite.content:walk{Link = function(link)
    local key = link.target:match("^#ref%-(.+)$")
    for index, citation in ipairs(unlinked) do
      if citation.id == key then
        table.remove(unlinked, index)
        local text = locator(citation)
        if text ~= "" then
          link.attributes["data-locator"] = text
        end
        return link
      end
    end
  end}
  return cite
end

-- A GB/T 7714 page, set after the bracket, is also the item's locator there
-- (reportkit.citations.locators_after_citations), though that style does not print it.
return {{Cite = mark_links}}
