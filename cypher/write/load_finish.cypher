// End a load: `complete`, or `rejected` when the file had no good row. `edges` is how many distinct edges the
// load accounts for, so a later `kg load` or `kg check` can tell whether the graph still holds them; `skipped`
// counts rows left out of scope (a feed's domestic events), `skipped_why` says why ('133 domestic events: …').
MATCH (l:{{load}} {id: $id})
SET l.status = $status, l.finished_at = datetime(), l.rejected = $rejected, l.edges = $edges,
    l.skipped = $skipped, l.skipped_why = $skipped_why
REMOVE l.error
