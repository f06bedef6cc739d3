Console.WriteLine("course: the notebook runner (run, check).");
