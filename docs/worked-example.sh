#!/usr/bin/env bash
# The worked example (docs/integration.md, "Worked example"): an individual and an organization,
# from request to delivery, then the revocation of the individual's certificate, against a running
# gateway, with curl and openssl only. WorkedExampleIT runs it against a gateway on free ports.
#
#   bash docs/worked-example.sh          # against the gateway started from the project root
#
# It plays the back-office system NIOC-HR and the RA officers intake-1, compliance-1, registrar-1 and
# archivist-1 of config/application.properties (development examples), each presenting the development
# client certificate the gateway made for it on its first start in <data>/tls/clients.
#
# Settings (environment), with their defaults:
#   GW            the gateway's SOAP base address (https)          https://127.0.0.1:8443/ra
#   PKI           the plain-http base of /pki (CRLs, CA certificate) http://127.0.0.1:8080
#   DATA          the gateway's data directory, holding tls/ and keys/  ./data
#   WORK          where the keys, CSRs and certificates are written    a new temporary directory
#   AWAIT_SECONDS how long to wait for each state                      30
#
# Any failure (a fault, a state not reached, a chain that does not verify) stops it with a non-zero
# status. Sourced (`. docs/worked-example.sh`), it only defines its functions (soap, state, await,
# field...) in your shell, for calls of your own such as recordPayment.

GW=${GW:-https://127.0.0.1:8443/ra}
PKI=${PKI:-http://127.0.0.1:8080}
DATA=${DATA:-./data}
AWAIT_SECONDS=${AWAIT_SECONDS:-30}
TLS=$DATA/tls

# soap OPERATION SERVICE: wraps the XML body read from stdin in a SOAP 1.1 envelope, posts it presenting
# the client certificate of $AS (a file in $DATA/tls/clients; default system-NIOC-HR) and prints the
# answer. A fault (HTTP 500) or a refused connection prints the answer on stderr and fails.
soap() {
  local answer
  answer=$({ echo '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"
  xmlns:r="http://ra.meganaft.ir/gateway/registration/v1" xmlns:o="http://ra.meganaft.ir/gateway/officer/v1"
  xmlns:t="http://ra.meganaft.ir/gateway/types/v1"><s:Body>'; cat; echo '</s:Body></s:Envelope>'; } |
    curl -sS --fail-with-body --cacert "$TLS/ca.pem" --cert-type P12 \
      --cert "$TLS/clients/${AS:-system-NIOC-HR}.p12:$(cat "$TLS/password")" \
      -H 'Content-Type: text/xml; charset=utf-8' -H "SOAPAction: \"urn:$1\"" --data-binary @- "$GW/$2") || {
    echo "soap $1 $2 as ${AS:-system-NIOC-HR} failed: $answer" >&2
    return 1
  }
  printf '%s\n' "$answer"
}

# field NAME: the text of the (last) element NAME in an answer, whatever its namespace prefix.
field() { sed -n "s#.*<\([a-z0-9]*:\)\{0,1\}$1>\([^<]*\)<.*#\2#p"; }

# state ID: the request's state.
state() {
  echo "<r:GetRequestStatusRequest><r:requestId>$1</r:requestId></r:GetRequestStatusRequest>" |
    soap getRequestStatus RegistrationService | grep -o '<[a-z0-9]*:\{0,1\}state>[A-Z_]*' | sed -n '1s/.*>//p'
}

# await ID STATE: waits (up to AWAIT_SECONDS) until the request is in STATE; fails if it is not, or if the
# request ends REJECTED on the way.
await() {
  local s= deadline=$((SECONDS + AWAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    s=$(state "$1") || s=
    if [ "$s" = "$2" ]; then echo "$1: $2"; return 0; fi
    if [ "$s" = REJECTED ]; then break; fi
    sleep 0.2
  done
  echo "$1: ${s:-no state} after ${AWAIT_SECONDS}s, not $2" >&2
  echo "<r:GetRequestStatusRequest><r:requestId>$1</r:requestId></r:GetRequestStatusRequest>" |
    soap getRequestStatus RegistrationService >&2 || true
  return 1
}

# walk_to_delivery ID DOCUMENT...: the RA's steps for a request inside the industry: identity check,
# document check (two officers), registration by a registrar, issuance by the CA, delivery of the token
# back to the R&D unit. Each document checked is one on file, as TYPE or HOLDER:TYPE.
walk_to_delivery() {
  local id=$1 d checked=
  shift
  for d in "$@"; do
    case $d in
      *:*) checked="$checked<o:checkedDocument holder=\"${d%%:*}\">${d#*:}</o:checkedDocument>" ;;
      *) checked="$checked<o:checkedDocument>$d</o:checkedDocument>" ;;
    esac
  done
  await "$id" PENDING_VETTING
  AS=officer-intake-1 soap recordIdentityCheck OfficerService <<EOF
<o:RecordIdentityCheckRequest><o:requestId>$id</o:requestId>
 <o:identificationMethod>IN_PERSON_ORIGINAL_DOCUMENTS</o:identificationMethod>
 <o:representativeIdentificationMethod>IN_PERSON_ORIGINAL_DOCUMENTS</o:representativeIdentificationMethod>
 <o:remarks>photo and national card match</o:remarks></o:RecordIdentityCheckRequest>
EOF
  AS=officer-compliance-1 soap recordDocumentCheck OfficerService <<EOF
<o:RecordDocumentCheckRequest><o:requestId>$id</o:requestId>$checked</o:RecordDocumentCheckRequest>
EOF
  AS=officer-registrar-1 soap approveRequest OfficerService <<EOF
<o:ApproveRequestRequest><o:requestId>$id</o:requestId></o:ApproveRequestRequest>
EOF
  await "$id" ISSUED
  AS=officer-registrar-1 soap recordDelivery OfficerService <<EOF
<o:RecordDeliveryRequest><o:requestId>$id</o:requestId>
 <o:tokenSerialNumber>TOKEN-$RANDOM</o:tokenSerialNumber></o:RecordDeliveryRequest>
EOF
  await "$id" DELIVERED
}

# fetch_and_verify ID FILE: the certificate and its chain as PEM, checked against the root CA.
fetch_and_verify() {
  echo "<r:GetCertificateRequest><r:requestId>$1</r:requestId><r:encoding>PEM</r:encoding></r:GetCertificateRequest>" |
    soap getCertificate RegistrationService | sed -e 's/<[^>]*>/\n/g' | sed -n '/-----BEGIN/,/-----END/p' > "$2"
  openssl verify -CAfile "$DATA/keys/root-ca.pem" -untrusted "$2" "$2"
  openssl x509 -in "$2" -noout -subject -nameopt utf8 -ext subjectAltName,certificatePolicies
}

# crl_check FILE: the full and delta CRLs as a relying party fetches them, and openssl's verdict on FILE
# (its certificate, with its chain) against them and the development root's CRL. Prints openssl's output;
# the status is openssl's. A gateway relaying a CA elsewhere (gateway.ca.url) serves that CA's full CRL
# and no delta: the full CRL alone then.
crl_check() {
  curl -fsS "$PKI/pki/crl/issuing-ca.crl" | openssl crl -inform DER -out full.crl
  local delta=()
  if curl -fsS "$PKI/pki/crl/issuing-ca-delta.crl" 2>/dev/null | openssl crl -inform DER -out delta.crl 2>/dev/null; then
    delta=(-CRLfile delta.crl)
  fi
  openssl verify -crl_check_all -use_deltas -CAfile "$DATA/keys/root-ca.pem" -untrusted "$1" \
    -CRLfile full.crl "${delta[@]}" -CRLfile "$DATA/keys/root-ca.crl" "$1" 2>&1
}

submit_ali() {
  cat <<EOF
<r:SubmitCertificateRequest>
 <r:header><t:clientRequestId>HR-$RUN-1</t:clientRequestId><t:caller><t:systemId>NIOC-HR</t:systemId></t:caller></r:header>
 <r:applicant><t:kind>INDIVIDUAL</t:kind>
  <t:person><t:givenName>علی</t:givenName><t:surname>رضایی</t:surname>
   <t:givenNameLatin>Ali</t:givenNameLatin><t:surnameLatin>Rezaei</t:surnameLatin><t:nationalCode>0499370899</t:nationalCode>
   <t:contact><t:email>ali.rezaei@nioc.example</t:email><t:mobile>+98 912 123 4567</t:mobile></t:contact></t:person>
  <t:employment><t:jobTitle>Drilling engineer</t:jobTitle><t:contractType>permanent</t:contractType></t:employment>
 </r:applicant>
 <r:channel><t:channel>INSIDE_INDUSTRY</t:channel>
  <t:inside><t:companyName>NIOC</t:companyName><t:rdUnit>R&amp;D Tehran</t:rdUnit>
   <t:contractingAuthority>NIOC contracts</t:contractingAuthority></t:inside></r:channel>
 <r:documents>
  <t:document><t:type>REQUEST_FORM</t:type></t:document>
  <t:document><t:type>NATIONAL_CARD</t:type><t:holder>APPLICANT</t:holder><t:number>0499370899</t:number></t:document>
  <t:document><t:type>BIRTH_CERTIFICATE</t:type><t:holder>APPLICANT</t:holder><t:number>12345</t:number></t:document>
 </r:documents>
 <r:csr><t:pem>$(cat ali.csr)</t:pem></r:csr>
</r:SubmitCertificateRequest>
EOF
}

submit_nidc() {
  cat <<EOF
<r:SubmitCertificateRequest>
 <r:header><t:clientRequestId>HR-$RUN-2</t:clientRequestId><t:caller><t:systemId>NIOC-HR</t:systemId></t:caller></r:header>
 <r:applicant><t:kind>ORGANIZATION</t:kind>
  <t:organization><t:name>شرکت ملی حفاری ایران</t:name><t:nameLatin>National Iranian Drilling Company</t:nameLatin>
   <t:legalId>10380284790</t:legalId><t:contact><t:email>pki@nidc.example</t:email></t:contact></t:organization>
  <t:representative><t:person><t:givenName>سارا</t:givenName><t:surname>احمدی</t:surname>
    <t:nationalCode>4400276201</t:nationalCode><t:contact><t:email>s.ahmadi@nidc.example</t:email></t:contact></t:person>
   <t:identificationMethod>IN_PERSON_ORIGINAL_DOCUMENTS</t:identificationMethod></t:representative>
 </r:applicant>
 <r:channel><t:channel>INSIDE_INDUSTRY</t:channel>
  <t:inside><t:companyName>NIDC</t:companyName><t:rdUnit>R&amp;D Ahvaz</t:rdUnit>
   <t:contractingAuthority>NIOC contracts</t:contractingAuthority></t:inside></r:channel>
 <r:documents>
  <t:document><t:type>REQUEST_FORM</t:type></t:document>
  <t:document><t:type>ARTICLES_OF_ASSOCIATION</t:type><t:holder>ORGANIZATION</t:holder></t:document>
  <t:document><t:type>ESTABLISHMENT_NOTICE</t:type><t:holder>ORGANIZATION</t:holder></t:document>
  <t:document><t:type>OFFICIAL_GAZETTE_CHANGES</t:type><t:holder>ORGANIZATION</t:holder></t:document>
  <t:document><t:type>REQUEST_LETTER</t:type><t:holder>ORGANIZATION</t:holder>
   <t:description>on letterhead, signed by the CEO, stamped</t:description></t:document>
  <t:document><t:type>LETTER_OF_INTRODUCTION</t:type><t:holder>ORGANIZATION</t:holder></t:document>
  <t:document><t:type>NATIONAL_CARD</t:type><t:holder>REPRESENTATIVE</t:holder><t:number>4400276201</t:number></t:document>
  <t:document><t:type>BIRTH_CERTIFICATE</t:type><t:holder>REPRESENTATIVE</t:holder></t:document>
 </r:documents>
 <r:csr><t:pem>$(cat nidc.csr)</t:pem></r:csr>
</r:SubmitCertificateRequest>
EOF
}

main() {
  set -euo pipefail
  DATA=$(cd "$DATA" && pwd)
  TLS=$DATA/tls
  WORK=${WORK:-$(mktemp -d "${TMPDIR:-/tmp}/ra-example.XXXXXX")}
  mkdir -p "$WORK" && cd "$WORK"
  echo "Gateway $GW, /pki at $PKI, data in $DATA; files in $WORK"
  RUN=$(date +%s)-$$   # one clientRequestId per request and run: a repeat would get the first answer back

  # 1. An individual inside the industry: Ali Rezaei, sent by the NIOC R&D unit.
  openssl req -new -newkey rsa:2048 -nodes -keyout ali.key -out ali.csr -subj "/C=IR/CN=Ali Rezaei" 2>/dev/null
  ALI=$(submit_ali | soap submitCertificateRequest RegistrationService | field requestId)
  [ -n "$ALI" ] || { echo "no request id for Ali's request" >&2; exit 1; }
  echo "Ali's request: $ALI"
  walk_to_delivery "$ALI" REQUEST_FORM APPLICANT:NATIONAL_CARD APPLICANT:BIRTH_CERTIFICATE
  fetch_and_verify "$ALI" ali-with-chain.pem

  # 2. An organization: the National Iranian Drilling Company (legal ID 10380284790), through its representative.
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout nidc.key -out nidc.csr -utf8 \
    -subj "/C=IR/CN=شرکت ملی حفاری ایران" 2>/dev/null
  NIDC=$(submit_nidc | soap submitCertificateRequest RegistrationService | field requestId)
  [ -n "$NIDC" ] || { echo "no request id for NIDC's request" >&2; exit 1; }
  echo "NIDC's request: $NIDC"
  walk_to_delivery "$NIDC" REQUEST_FORM ARTICLES_OF_ASSOCIATION ESTABLISHMENT_NOTICE OFFICIAL_GAZETTE_CHANGES \
    REQUEST_LETTER LETTER_OF_INTRODUCTION REPRESENTATIVE:NATIONAL_CARD REPRESENTATIVE:BIRTH_CERTIFICATE
  fetch_and_verify "$NIDC" nidc-with-chain.pem

  # 3. The archivist's view of everything kept for Ali's request: documents, checks with who and how, history.
  echo "The archivist's evidence for $ALI:"
  AS=officer-archivist-1 soap listEvidence OfficerService <<EOF | sed -e 's/></>\n</g' | grep -E 'kind>|actor>|role>|outcome>|identificationMethod>'
<o:ListEvidenceRequest><o:requestId>$ALI</o:requestId></o:ListEvidenceRequest>
EOF

  # 4. Ali's employer reports that he left (affiliationChanged); a registrar approves; the delta CRL lists
  # the certificate and openssl verify refuses it.
  REV=$(soap revokeCertificate RegistrationService <<EOF | field requestId
<r:RevokeCertificateRequest>
 <r:header><t:clientRequestId>HR-$RUN-rev</t:clientRequestId><t:caller><t:systemId>NIOC-HR</t:systemId></t:caller></r:header>
 <r:certificate><t:requestId>$ALI</t:requestId></r:certificate>
 <r:reason>affiliationChanged</r:reason><r:requestedBy>ORGANIZATION</r:requestedBy>
</r:RevokeCertificateRequest>
EOF
  )
  [ -n "$REV" ] || { echo "no request id for the revocation" >&2; exit 1; }
  echo "Revocation of Ali's certificate: $REV"
  AS=officer-registrar-1 soap approveRequest OfficerService <<EOF
<o:ApproveRequestRequest><o:requestId>$REV</o:requestId></o:ApproveRequestRequest>
EOF
  await "$REV" COMPLETED
  # The delta CRL follows the revocation within moments: check until it lists the certificate.
  local verdict= deadline=$((SECONDS + AWAIT_SECONDS))
  while [ $SECONDS -lt $deadline ]; do
    verdict=$(crl_check ali-with-chain.pem) || true
    case $verdict in *"certificate revoked"*) break ;; esac
    sleep 0.5
  done
  echo "$verdict"
  case $verdict in
    *"certificate revoked"*) echo "Ali's certificate is refused: certificate revoked" ;;
    *) echo "Ali's certificate is still accepted ${AWAIT_SECONDS}s after its revocation" >&2; exit 1 ;;
  esac
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  main "$@"
fi
