-- A department sits in one meeting at a time: two agreements must not both hold one of its
-- recurring meetings on the same weekday at the same time.

-- The weekday of a weekly cadence ("每周三", "每星期三"), 1 = Monday; nil for any other cadence.
local WEEKDAYS = { ["一"] = 1, ["二"] = 2, ["三"] = 3, ["四"] = 4, ["五"] = 5, ["六"] = 6, ["日"] = 7, ["天"] = 7 }
local function weekday(cadence)
  local m = re.match(cadence, "^每(?:周|星期)([一二三四五六日天])")
  return m and WEEKDAYS[m[1]]
end

-- The departments a clause of agreement `a` concerns: its owner, its parties, its duties' owners.
local function departments(a, c)
  local seen, units = {}, {}
  local function add(name)
    local party = name and a.party(name)
    if party and not seen[party.unit] then
      seen[party.unit] = true
      units[#units + 1] = party.unit
    end
  end
  add(c.owner)
  for _, name in ipairs(c.parties or {}) do add(name) end
  for _, duty in ipairs(c.duties or {}) do add(duty.owner) end
  return units
end

rule {
  id = "department-meeting-clash",
  severity = "warning",
  description = "一个部门在不同协议中的例会不安排在同一星期几的同一时间",
  explanation = "按 portfolio.yaml 中的顺序，后一份协议的例会（`meeting.cadence` 为每周某天，且写明 `meeting.time`）"
    .. "若与前一份协议中同一部门的例会在同一星期几的同一时间，在后者的 `meeting.time` 处报告。",
  portfolio = function(p, report)
    local first = {}                     -- "unit@weekday@time" → { a = agreement, c = clause }
    for _, a in ipairs(p.agreements) do
      for _, c in ipairs(a.clauses) do
        local m = c.fields.meeting       -- `meeting` as written: not every agreement declares it
        local day = type(m) == "table" and type(m.cadence) == "string" and weekday(m.cadence)
        if day and m.time then
          for _, unit in ipairs(departments(a, c)) do
            local slot = ("%s@%d@%s"):format(unit, day, tostring(m.time))
            local seen = first[slot]
            if not seen then
              first[slot] = { a = a, c = c }
            elseif seen.a.id ~= a.id then
              local name = p.unit(unit) and p.unit(unit).name or unit
              report {
                clause = c,
                field = "meeting.time",
                message = ("%s的例会（%s %s）与《%s》%s %s 的例会时间相同"):format(
                  name, m.cadence, tostring(m.time), seen.a.title, seen.c.label, seen.c.title),
              }
            end
          end
        end
      end
    end
  end,
}
