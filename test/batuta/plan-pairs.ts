/**
 * Pairs of a Batuta program and a PRQL query that mean the same thing and
 * must reach the same optimized plan: the evidence that both front ends meet
 * in one IR and that macros, user functions and lexical values are gone
 * before planning (the optimizer sees through them). Each pair names its
 * parameters when it has some.
 */
export interface PlanPair {
  readonly name: string;
  readonly batuta: string;
  readonly prql: string;
  readonly params?: Readonly<Record<string, bigint | number | string>>;
}

export const PLAN_PAIRS: readonly PlanPair[] = [
  {
    name: 'filter and select',
    batuta: '(|> (from :tracks) (where (> :milliseconds 300000)) (select [:track_id :name]))',
    prql: 'from tracks | filter milliseconds > 300000 | select {track_id, name}',
  },
  {
    name: 'and / or / not= in a filter',
    batuta: '(|> (from :tracks) (where (and (= :genre_id 1) (or (< :bytes 2000000) (not= :media_type_id 1)))) (select [:track_id]))',
    prql: 'from tracks | filter genre_id == 1 && (bytes < 2000000 || media_type_id != 1) | select {track_id}',
  },
  {
    name: 'computed columns in select (float division)',
    batuta: '(select (from :tracks) [:track_id {:kb (/ :bytes 1024) :cost (* :unit_price 2)}])',
    prql: 'from tracks | select {track_id, kb = bytes / 1024, cost = unit_price * 2}',
  },
  {
    name: 'derive',
    batuta: '(derive (from :invoice_items) {:line_total (* :unit_price :quantity)})',
    prql: 'from invoice_items | derive {line_total = unit_price * quantity}',
  },
  {
    name: 'limit',
    batuta: '(|> (from :tracks) (limit 10) (select [:track_id :name]))',
    prql: 'from tracks | take 10 | select {track_id, name}',
  },
  {
    name: 'inner join of aliases, qualified select',
    batuta: '(|> (join (from :tracks :as :t) (from :albums :as :a) :on (= :t/album_id :a/album_id)) (select [:t/track_id :t/name :a/title]))',
    prql: 'from t = tracks | join a = albums (t.album_id == a.album_id) | select {t.track_id, t.name, a.title}',
  },
  {
    name: 'left join',
    batuta: '(|> (left-join (from :artists :as :ar) (from :albums :as :al) :on (= :ar/artist_id :al/artist_id)) (select [:ar/name :al/title]))',
    prql: 'from ar = artists | join side:left al = albums (ar.artist_id == al.artist_id) | select {ar.name, al.title}',
  },
  {
    name: 'group-by with count, min, max, avg',
    batuta: '(group-by (from :tracks) [:album_id] {:n (count) :lo (min :milliseconds) :hi (max :milliseconds) :mean (avg :bytes)})',
    prql: 'from tracks | group {album_id} (aggregate {n = count this, lo = min milliseconds, hi = max milliseconds, mean = average bytes})',
  },
  {
    name: 'aggregate the whole relation',
    batuta: '(aggregate (from :invoices) {:n (count) :hi (max :total)})',
    prql: 'from invoices | aggregate {n = count this, hi = max total}',
  },
  {
    name: 'where on a derived column',
    batuta: '(|> (from :tracks) (derive {:secs (/ :milliseconds 1000)}) (where (> :secs 600)) (select [:track_id :secs]))',
    prql: 'from tracks | derive {secs = milliseconds / 1000} | filter secs > 600 | select {track_id, secs}',
  },
  {
    name: 'nil? and coalesce',
    batuta: '(|> (from :customers) (where (nil? :company)) (select [:customer_id {:st (coalesce :state "none")}]))',
    prql: 'from customers | filter company == null | select {customer_id, st = state ?? "none"}',
  },
  {
    name: 'upper, lower, length',
    batuta: '(select (from :genres) [{:u (upper :name) :l (lower :name) :n (length :name)}])',
    prql: 'from genres | select {u = text.upper name, l = text.lower name, n = text.length name}',
  },
  {
    name: 'union-all',
    batuta: '(union-all (select (from :artists) [{:id :artist_id} :name]) (select (from :genres) [{:id :genre_id} :name]))',
    prql: 'from artists | select {id = artist_id, name} | append (from genres | select {id = genre_id, name})',
  },
  {
    name: 'a lexical value becomes a literal',
    batuta: '(let [ms 300000] (|> (from :tracks) (where (> :milliseconds ms)) (select [:track_id])))',
    prql: 'from tracks | filter milliseconds > 300000 | select {track_id}',
  },
  {
    name: 'a user function is inlined',
    batuta: '(defn secs [ms] (/ ms 1000)) (|> (from :tracks) (derive {:secs (secs :milliseconds)}) (select [:track_id :secs]))',
    prql: 'from tracks | derive {secs = milliseconds / 1000} | select {track_id, secs}',
  },
  {
    name: 'a function that builds a query from its argument',
    batuta: '(defn long-tracks [ms] (|> (from :tracks) (where (> :milliseconds ms)))) (select (long-tracks 400000) [:track_id :name])',
    prql: 'from tracks | filter milliseconds > 400000 | select {track_id, name}',
  },
  {
    name: 'a macro expands before planning',
    batuta: '(defmacro keep-genre [rel g] `(where ~rel (= :genre_id ~g))) (|> (from :tracks) (keep-genre 5) (select [:track_id :genre_id]))',
    prql: 'from tracks | filter genre_id == 5 | select {track_id, genre_id}',
  },
  {
    name: 'threading with -> and ->> gives the same plan as |>',
    batuta: '(->> [:album_id :title] (select (-> (from :albums) (where (= :artist_id 22)))))',
    prql: 'from albums | filter artist_id == 22 | select {album_id, title}',
  },
  {
    name: 'a named parameter',
    batuta: '(|> (from :tracks) (where (> :milliseconds $min)) (select [:track_id]))',
    prql: 'from tracks | filter milliseconds > $min | select {track_id}',
    params: { min: 250000n },
  },
  {
    name: 'offset then limit',
    batuta: '(|> (from :tracks) (offset 10) (limit 5) (select [:track_id]))',
    prql: 'from tracks | take 11..15 | select {track_id}',
  },
];
