# Reference values from vegan for netclust's differential tests.
#
# Usage: Rscript vegan_oracle.R DIR
#   DIR holds matrices as CSV (first column = row ids, header = column ids).
#   Special files: a file named "dump_datasets" makes the script first write
#   vegan's own data sets (sipoo, dune, BCI, mite) as CSV into DIR.
#   Writes DIR/results.csv with columns file, indicator, value.
suppressPackageStartupMessages(library(vegan))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
if (file.exists(file.path(dir, "dump_datasets"))) {
  for (name in c("sipoo", "dune", "BCI", "mite")) {
    env <- new.env()
    data(list = name, package = "vegan", envir = env)
    write.csv(as.matrix(env[[name]]), file.path(dir, paste0("vegan_", name, ".csv")))
  }
}
files <- sort(list.files(dir, pattern = "\\.csv$"))
files <- files[files != "results.csv"]
rows <- list()
add <- function(file, indicator, value) {
  rows[[length(rows) + 1]] <<- data.frame(file = file, indicator = indicator,
                                          value = sprintf("%.15g", value))
}
horn_mean <- function(m) {
  m <- m[rowSums(m) > 0, , drop = FALSE]
  if (nrow(m) < 2) return(NA)
  mean(1 - vegdist(m, method = "horn"))
}
for (f in files) {
  m <- as.matrix(read.csv(file.path(dir, f), row.names = 1, check.names = FALSE))
  storage.mode(m) <- "double"
  for (ord in c(TRUE, FALSE)) {
    for (w in c("binary", "weighted", "wbinary")) {
      r <- nestednodf(m, order = ord, weighted = (w != "binary"), wbinary = (w == "wbinary"))
      tag <- paste0(w, if (ord) "_sorted" else "_unsorted")
      add(f, paste0("nodf_", tag), r$statistic["NODF"])
      add(f, paste0("rows_", tag), r$statistic["N.rows"])
      add(f, paste0("columns_", tag), r$statistic["N.columns"])
    }
  }
  ch <- nestedchecker(m)
  add(f, "checkerboards", ch$statistic)
  add(f, "c_score", ch$C.score)
  add(f, "horn_rows", horn_mean(m))
  add(f, "horn_columns", horn_mean(t(m)))
}
out <- do.call(rbind, rows)
write.csv(out, file.path(dir, "results.csv"), row.names = FALSE)
