-- Helpers shared by the rules: load with `local meetings = require "meetings"`.
local M = {}

-- Words that say a clause schedules a meeting.
local WORDS = { "例会", "会议", "联席会", "meeting" }

-- Whether clause `c` schedules a meeting: it has a `meeting` field, or its title says so.
function M.schedules_meeting(c)
  if type(c.meeting) == "table" then return true end
  local title = string.lower(c.title or "")
  for _, word in ipairs(WORDS) do
    if string.find(title, word, 1, true) then return true end
  end
  return false
end

-- The cadence a clause states for its meeting: `meeting.cadence`, else the first duty's cadence.
function M.cadence(c)
  if type(c.meeting) == "table" and c.meeting.cadence then return c.meeting.cadence end
  for _, duty in ipairs(c.duties or {}) do
    if type(duty) == "table" and duty.cadence then return duty.cadence end
  end
  return nil
end

return M
