-- The HTML run's citations, for the reference popovers: every Cite, in the order
-- the page prints them (footnotes last), as pandoc JSON in the metadata field
-- `citation-items`, which the fragment template prints after the body.

-- GB/T 7714 sets a cited page after the bracket, as a superscript ([@a]^68,^,
-- see reportkit.citations.locators_after_citations): that page is the locator
-- of the single item before it.
local function page_after(inlines)
  for i = 1, #inlines - 1 do
    local cite, after = inlines[i], inlines[i + 1]
    if cite.t == "Cite" and after.t == "Superscript" and #cite.citations == 1
        and #cite.citations[1].suffix == 0 then
      local page = pandoc.utils.stringify(after.content):gsub(",$", "")
      if page ~= "" then
        cite.citations[1].suffix = pandoc.Inlines{pandoc.Str(page)}
      end
    end
  end
  return inlines
end

function Pandoc(doc)
  local cites = {}
  local function collect(node)
    node:walk{Cite = function(cite) table.insert(cites, pandoc.Cite({}, cite.citations)) end}
  end
  local located = doc:walk{Inlines = page_after}
  collect(located:walk{Note = function() return {} end})
  located:walk{Note = function(note) collect(pandoc.Div(note.content)) end}
  doc.meta["citation-items"] = pandoc.RawInline("html", pandoc.json.encode(cites))
  return doc
end
