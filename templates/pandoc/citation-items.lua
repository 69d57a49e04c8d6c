-- The HTML run's citations, for the reference popovers: every Cite, in the order
-- the page prints them (footnotes last), as pandoc JSON in the metadata field
-- `citation-items`, which the fragment template prints after the body.
function Pandoc(doc)
  local cites = {}
  local function collect(node)
    node:walk{Cite = function(cite) table.insert(cites, pandoc.Cite({}, cite.citations)) end}
  end
  collect(doc:walk{Note = function() return {} end})
  doc:walk{Note = function(note) collect(pandoc.Div(note.content)) end}
  doc.meta["citation-items"] = pandoc.RawInline("html", pandoc.json.encode(cites))
  return doc
end
