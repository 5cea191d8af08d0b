"""What states said when they joined a treaty: reservations, declarations, objections,
territorial applications, and their later withdrawals, each quoted from the depositary."""
