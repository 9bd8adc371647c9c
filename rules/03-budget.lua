-- Budget shares of a clause add up to 100%.
rule {
  id = "budget-adds-up",
  severity = "error",
  description = "条款的预算分摊比例（budget）合计为 100%",
  clause = function(c, report)
    if type(c.budget) ~= "table" or #c.budget == 0 then return end
    local total = 0
    for _, share in ipairs(c.budget) do
      if type(share) == "table" and type(share.share) == "number" then
        total = total + share.share
      end
    end
    if math.abs(total - 100) > 0.001 then
      report(("预算分摊比例合计为 %g%%，应为 100%%"):format(total), "budget")
    end
  end,
}
