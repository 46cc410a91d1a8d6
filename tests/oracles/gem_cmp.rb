# gem_cmp.rb < pairs - RubyGems' own order (Gem::Version#<=>) on
# "A<TAB>B" lines, one line each: -1, 0, 1, or "error" when Gem::Version
# rejects either.  Used by tests/suites/version_oracles.sh.
out = []
STDIN.read.split("\n").each do |line|
  a, b = line.split("\t", 2)
  b ||= ""
  if Gem::Version.correct?(a) && Gem::Version.correct?(b)
    out << (Gem::Version.new(a) <=> Gem::Version.new(b)).to_s
  else
    out << "error"
  end
end
print out.map { |x| x + "\n" }.join
