-- Every duty names the party that must do it.
rule {
  id = "duty-has-owner",
  severity = "error",
  description = "每项职责都写明负责方（owner）",
  clause = function(c, report)
    for i, duty in ipairs(c.duties or {}) do
      if type(duty) ~= "table" then
        report("职责事项「" .. tostring(duty) .. "」没有写明负责方", "duties[" .. i .. "]")
      elseif not duty.owner then
        report("职责事项「" .. (duty.text or "?") .. "」没有写明负责方", "duties[" .. i .. "]")
      end
    end
  end,
}
