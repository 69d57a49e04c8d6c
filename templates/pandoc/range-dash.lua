-- One dash for ranges in a citation: citeproc joins collapsed numbers ([2–5]) with an en
-- dash whatever the style; a style whose page ranges take another dash (GB/T 7714: 70-71)
-- gets that one there too. The engine passes the style's dash as `reportkit-range-dash`
-- (a code point, U+002D), and nothing changes without it.

local dash = nil

-- Read, then dropped: it is an instruction to this filter, not a property of the document
-- (the DOCX would list it among its custom properties).
local function read_dash(meta)
  local value = meta["reportkit-range-dash"]
  local hex = value and pandoc.utils.stringify(value):match("^U%+(%x+)$")
  if hex then
    dash = utf8.char(tonumber(hex, 16))
  end
  meta["reportkit-range-dash"] = nil
  return meta
end

local function digits(element)
  return element ~= nil and pandoc.utils.stringify(element):match("^%d+$") ~= nil
end

-- "[", Link "2", Str "–", Link "5", "]": an en dash standing alone between two numbers.
local function join_numbers(inlines)
  for index, element in ipairs(inlines) do
    if element.t == "Str" and element.text == "–" and digits(inlines[index - 1]) and digits(inlines[index + 1]) then
      inlines[index] = pandoc.Str(dash)
    elseif element.t == "Str" then
      element.text = element.text:gsub("(%d)–(%d)", "%1" .. dash:gsub("%%", "%%%%") .. "%2")
    end
  end
  return inlines
end

local function one_dash(cite)
  cite.content = cite.content:walk{Inlines = join_numbers}
  return cite
end

-- Without another dash the document is left as it is, not walked: a walk over every
-- element costs seconds on a long text.
local function every_cite(doc)
  if dash == nil or dash == "–" then
    return nil
  end
  return doc:walk{Cite = one_dash}
end

return {{Meta = read_dash}, {Pandoc = every_cite}}
