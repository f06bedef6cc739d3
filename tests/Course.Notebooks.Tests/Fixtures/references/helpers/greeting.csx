// Loaded by ../relative-references.ipynb; its own #load resolves against this file's folder.
#load "punctuation.csx"

string Greeting(string name) => $"hello, {name}{Exclamation}";
