// filled in by the session service work
