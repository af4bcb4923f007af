/**
 * Triples of a GraphQL request, a PRQL query and a Batuta program that mean
 * the same rows in the same order and must reach the same optimized plan:
 * the evidence that GraphQL lowers into the one IR the other front ends use
 * (ordering ends with the primary key, as GraphQL results always do). A
 * bool_exp's conditions come in the order of its input type's fields (the
 * table's columns), as graphql-js coerces input objects.
 */
export interface PlanTriple {
  readonly name: string;
  readonly graphql: string;
  readonly prql: string;
  readonly batuta: string;
}

export const PLAN_TRIPLES: readonly PlanTriple[] = [
  {
    name: 'filter, order by key, select',
    graphql: '{ tracks(where: {milliseconds: {_gt: 300000}}, order_by: {track_id: asc}) { track_id name } }',
    prql: 'from tracks | filter milliseconds > 300000 | sort track_id | select {track_id, name}',
    batuta: '(|> (from :tracks) (where (> :milliseconds 300000)) (order-by :track_id) (select [:track_id :name]))',
  },
  {
    name: 'order descending with limit',
    graphql: '{ tracks(order_by: {track_id: desc}, limit: 5) { track_id milliseconds } }',
    prql: 'from tracks | sort {-track_id} | take 5 | select {track_id, milliseconds}',
    batuta: '(|> (from :tracks) (order-by [:track_id :desc]) (limit 5) (select [:track_id :milliseconds]))',
  },
  {
    name: 'offset and limit',
    graphql: '{ artists(offset: 10, limit: 5) { artist_id } }',
    prql: 'from artists | sort artist_id | take 11..15 | select {artist_id}',
    batuta: '(|> (from :artists) (order-by :artist_id) (offset 10) (limit 5) (select [:artist_id]))',
  },
  {
    name: 'by primary key',
    graphql: '{ albums_by_pk(album_id: 5) { album_id title } }',
    prql: 'from albums | filter album_id == 5 | select {album_id, title}',
    batuta: '(|> (from :albums) (where (= :album_id 5)) (select [:album_id :title]))',
  },
  {
    name: '_and of _or and comparisons',
    graphql: '{ tracks(where: {_and: [{genre_id: {_eq: 1}}, {_or: [{bytes: {_lt: 2000000}}, {media_type_id: {_neq: 1}}]}]}) { track_id } }',
    prql: 'from tracks | filter genre_id == 1 && (bytes < 2000000 || media_type_id != 1) | sort track_id | select {track_id}',
    batuta: '(|> (from :tracks) (where (and (= :genre_id 1) (or (< :bytes 2000000) (not= :media_type_id 1)))) (order-by :track_id) (select [:track_id]))',
  },
  {
    name: '_is_null',
    graphql: '{ customers(where: {company: {_is_null: true}}) { customer_id state } }',
    prql: 'from customers | filter company == null | sort customer_id | select {customer_id, state}',
    batuta: '(|> (from :customers) (where (nil? :company)) (order-by :customer_id) (select [:customer_id :state]))',
  },
  {
    name: 'range on two columns',
    graphql: '{ invoices(where: {customer_id: {_lte: 10}, total: {_gte: 10, _lt: 20}}) { invoice_id total } }',
    prql: 'from invoices | filter customer_id <= 10 && total >= 10.0 && total < 20.0 | sort invoice_id | select {invoice_id, total}',
    batuta: '(|> (from :invoices) (where (and (<= :customer_id 10) (>= :total 10.0) (< :total 20.0))) (order-by :invoice_id) (select [:invoice_id :total]))',
  },
  {
    name: 'aggregate of the whole table',
    graphql: '{ invoices_aggregate { aggregate { count max { total } } } }',
    prql: 'from invoices | aggregate {count = count this, total = max total}',
    batuta: '(aggregate (from :invoices) {:count (count) :total (max :total)})',
  },
  {
    name: 'aggregate of filtered rows',
    graphql: '{ tracks_aggregate(where: {genre_id: {_eq: 1}}) { aggregate { count min { milliseconds } } } }',
    prql: 'from tracks | filter genre_id == 1 | aggregate {count = count this, milliseconds = min milliseconds}',
    batuta: '(|> (from :tracks) (where (= :genre_id 1)) (aggregate {:count (count) :milliseconds (min :milliseconds)}))',
  },
  {
    name: 'object relationship: a left join',
    graphql: '{ albums(where: {album_id: {_lt: 10}}) { title artist { artist_id name } } }',
    prql: 'from albums | filter album_id < 10 | join side:left artists (albums.artist_id == artists.artist_id) | sort albums.album_id | select {albums.title, artists.artist_id, artists.name}',
    batuta:
      '(|> (left-join (|> (from :albums) (where (< :album_id 10))) (from :artists) :on (= :albums/artist_id :artists/artist_id)) (order-by :albums/album_id) (select [:albums/title :artists/artist_id :artists/name]))',
  },
  {
    name: 'text and list conditions',
    graphql: '{ customers(where: {city: {_neq: "Oslo"}, country: {_in: ["Norway", "Sweden"]}}) { customer_id city } }',
    prql: 'from customers | filter city != "Oslo" && (country | in ["Norway", "Sweden"]) | sort customer_id | select {customer_id, city}',
    batuta: '(|> (from :customers) (where (and (not= :city "Oslo") (in :country ["Norway" "Sweden"]))) (order-by :customer_id) (select [:customer_id :city]))',
  },
];
