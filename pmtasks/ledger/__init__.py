"""Decision lists and rectification ledgers (决议清单、整改台账) kept beside the plan."""
