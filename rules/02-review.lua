-- Reviews: planned within a year of the last revision, and done on time.

rule {
  id = "review-within-a-year",
  severity = "error",
  description = "a clause states when it was revised and is reviewed within a year of that (`revised`, `review_by`)",
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

rule {
  id = "review-not-overdue",
  severity = "warning",
  description = "a clause is reviewed by its `review_by` date (a warning: time passing must not stop publishing)",
  clause = function(c, report)
    if c.status == "retired" or not date.valid(c.review_by) then return end
    if c.review_by < today then
      report(("复审已逾期 %d 天（应于 %s 前复审）"):format(date.diff(c.review_by, today), c.review_by), "review_by")
    end
  end,
}
