-- Helpers shared by the rules: load with `local meetings = require "meetings"`.
local M = {}

-- Words that say a clause schedules a meeting.
local WORDS = { "例会", "会议", "联席会", "meeting" }

-- `meeting` is this project's own field (declared under `fields:`); reading it through `c.fields`,
-- the front matter as written, keeps these rules working in a project that does not declare it.
local function meeting(c)
  local m = c.fields.meeting
  if type(m) == "table" then return m end
  return nil
end
M.meeting = meeting

-- Whether clause `c` schedules a meeting: it has a `meeting` field, or its title says so.
function M.schedules_meeting(c)
  if meeting(c) then return true end
  local title = string.lower(c.title or "")
  for _, word in ipairs(WORDS) do
    if string.find(title, word, 1, true) then return true end
  end
  return false
end

-- The cadence a clause states for its meeting: `meeting.cadence`, else the first duty's cadence.
function M.cadence(c)
  local m = meeting(c)
  if m and m.cadence then return m.cadence end
  for _, duty in ipairs(c.duties or {}) do
    if type(duty) == "table" and duty.cadence then return duty.cadence end
  end
  return nil
end

return M
