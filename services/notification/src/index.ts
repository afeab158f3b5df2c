// filled in by the notification service work
