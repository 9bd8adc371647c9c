-- Reviews: planned within a year of the last revision. (An overdue review is a built-in warning,
-- `review-overdue`, which the site's badge shows too.)

rule {
  id = "review-within-a-year",
  severity = "error",
  description = "条款写明最近修订日期和复审日期（revised、review_by），复审在修订后一年之内",
  clause = function(c, report)
    if c.status == "retired" then return end
    if not date.valid(c.revised) then
      report("条款没有写明最近修订日期", "revised")
      return
    end
    if not date.valid(c.review_by) then
      report("条款没有写明复审日期", "review_by")
      return
    end
    local latest = date.add_years(c.revised, 1)
    if c.review_by > latest then
      report(("复审日期 %s 晚于修订日期 %s 后一年（最迟 %s）"):format(c.review_by, c.revised, latest), "review_by")
    elseif c.review_by < c.revised then
      report(("复审日期 %s 早于修订日期 %s"):format(c.review_by, c.revised), "review_by")
    end
  end,
}
