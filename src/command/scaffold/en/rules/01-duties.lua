-- Every duty names the party that must do it.
rule {
  id = "duty-has-owner",
  severity = "error",
  description = "every duty names the party that must do it (owner)",
  clause = function(c, report)
    for i, duty in ipairs(c.duties or {}) do
      if type(duty) ~= "table" then
        report("the duty \"" .. tostring(duty) .. "\" names no owner", "duties[" .. i .. "]")
      elseif not duty.owner then
        report("the duty \"" .. (duty.text or "?") .. "\" names no owner", "duties[" .. i .. "]")
      end
    end
  end,
}
