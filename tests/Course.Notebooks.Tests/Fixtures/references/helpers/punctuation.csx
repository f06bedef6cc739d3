const string Exclamation = "!";
