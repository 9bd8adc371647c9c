-- Every party owns at least one duty: a party without duties has no part in the agreement.
rule {
  id = "every-party-owns-a-duty",
  severity = "error",
  description = "协议各方都至少承担一项职责",
  agreement = function(a, report)
    local owns = {}
    for _, c in ipairs(a.clauses) do
      for _, duty in ipairs(c.duties or {}) do
        local party = type(duty) == "table" and duty.owner and a.party(duty.owner)
        if party then owns[party.id] = true end
      end
    end
    for i, party in ipairs(a.parties) do
      if not owns[party.id] then
        report { message = party.name .. "没有承担任何职责事项", field = "parties[" .. i .. "]" }
      end
    end
  end,
}
