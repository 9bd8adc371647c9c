local meetings = require "meetings"

-- A clause that schedules a meeting says how often it meets.
rule {
  id = "meeting-states-cadence",
  severity = "error",
  description = "安排会议的条款写明会议频率（meeting.cadence 或职责的 cadence）",
  clause = function(c, report)
    if meetings.schedules_meeting(c) and not meetings.cadence(c) then
      report("条款安排了会议，但没有写明会议频率（meeting.cadence）", meetings.meeting(c) and "meeting" or nil)
    end
  end,
}

-- No two clauses schedule a meeting at the same cadence: one slot, one meeting.
rule {
  id = "no-meeting-clash",
  severity = "warning",
  description = "不同条款的会议不安排在同一时间",
  agreement = function(a, report)
    local first = {}
    for _, c in ipairs(a.clauses) do
      local m = meetings.meeting(c)
      if m and m.cadence then
        local slot = m.cadence
        if first[slot] then
          report {
            clause = c,
            field = "meeting.cadence",
            message = ("会议时间「%s」与%s %s 相同"):format(slot, first[slot].label, first[slot].title),
          }
        else
          first[slot] = c
        end
      end
    end
  end,
}
